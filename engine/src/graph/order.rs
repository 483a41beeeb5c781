//! The `depends-on` relation over a list of items (the steps of a workflow, the containers of
//! a Score spec, or every node of the workspace graph): cycles, topological order and the
//! critical path.
//!
//! Items are numbered `0..n` in file order; an edge `(a, b)` reads "`a` depends on `b`", so
//! `b` has to come first. Everything here is deterministic: ties are broken by item number,
//! then by the order in which edges were added (the order of `dependsOn` entries).

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, BinaryHeap, HashSet, VecDeque};

/// A dependency relation over items `0..n`.
#[derive(Clone, Debug)]
pub struct Dependencies {
    graph: DiGraph<(), ()>,
    /// Edges in the order they were added, without duplicates.
    edges: Vec<(usize, usize)>,
}

impl Dependencies {
    /// `edges` are `(dependent, dependency)` pairs; duplicates are ignored. Items out of range
    /// are a caller bug and panic.
    pub fn new(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Dependencies {
        let mut graph = DiGraph::with_capacity(n, 0);
        for _ in 0..n {
            graph.add_node(());
        }
        let mut seen = HashSet::new();
        let mut list = Vec::new();
        for (a, b) in edges {
            assert!(a < n && b < n, "dependency edge ({a}, {b}) outside 0..{n}");
            if seen.insert((a, b)) {
                graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
                list.push((a, b));
            }
        }
        Dependencies { graph, edges: list }
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The edges, in the order they were first added.
    pub fn edges(&self) -> &[(usize, usize)] {
        &self.edges
    }

    /// The direct dependencies of `item`, in the order they were added.
    pub fn dependencies_of(&self, item: usize) -> Vec<usize> {
        self.edges
            .iter()
            .filter(|(a, _)| *a == item)
            .map(|(_, b)| *b)
            .collect()
    }

    /// Every dependency cycle as an ordered path `[a, b, c]` meaning `a → b → c → a` (each
    /// depends on the next, the last on the first). A self-dependency is the path `[a]`.
    ///
    /// Each cycle starts at its lowest item and is reported once. Strongly connected
    /// components (Tarjan) find the items that lie on cycles; inside a component, cycles are
    /// added (shortest first, from each edge not yet covered) until every edge that lies on a
    /// cycle belongs to at least one reported cycle. Sorted by first item, then length.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let n = self.len();
        let mut component = vec![usize::MAX; n];
        let sccs = tarjan_scc(&self.graph);
        for (c, members) in sccs.iter().enumerate() {
            for m in members {
                component[m.index()] = c;
            }
        }
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        let mut seen: HashSet<Vec<usize>> = HashSet::new();
        let mut covered: HashSet<(usize, usize)> = HashSet::new();
        for &(a, b) in &self.edges {
            if component[a] != component[b] || covered.contains(&(a, b)) {
                continue;
            }
            let cycle = if a == b {
                vec![a]
            } else {
                // The shortest way back from `b` to `a` inside the component closes the cycle.
                let Some(back) = self.shortest_path(b, a, |x| component[x] == component[a]) else {
                    continue; // cannot happen: both lie in one strongly connected component
                };
                let mut cycle = vec![a];
                cycle.extend(&back[..back.len() - 1]);
                cycle
            };
            let cycle = rotate_to_lowest(cycle);
            for (x, y) in cycle_edges(&cycle) {
                covered.insert((x, y));
            }
            if seen.insert(cycle.clone()) {
                cycles.push(cycle);
            }
        }
        cycles.sort_by(|x, y| (x[0], x.len(), x).cmp(&(y[0], y.len(), y)));
        cycles
    }

    /// Breadth-first shortest path `from → … → to` over items allowed by `inside`, following
    /// edges in the order they were added.
    fn shortest_path(
        &self,
        from: usize,
        to: usize,
        inside: impl Fn(usize) -> bool,
    ) -> Option<Vec<usize>> {
        let n = self.len();
        let mut previous = vec![usize::MAX; n];
        let mut visited = vec![false; n];
        let mut queue = VecDeque::from([from]);
        visited[from] = true;
        while let Some(x) = queue.pop_front() {
            if x == to {
                let mut path = vec![to];
                let mut at = to;
                while at != from {
                    at = previous[at];
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            let mut next: Vec<(usize, usize)> = self
                .graph
                .edges(NodeIndex::new(x))
                .map(|e| (e.id().index(), e.target().index()))
                .collect();
            next.sort(); // edge ids grow in insertion order
            for (_, y) in next {
                if !visited[y] && inside(y) {
                    visited[y] = true;
                    previous[y] = x;
                    queue.push_back(y);
                }
            }
        }
        None
    }

    /// Every item, each after all of its dependencies; among the items that are ready, the
    /// lowest comes first (so an already ordered list keeps its order). `Err` holds the
    /// cycles when there is no such order.
    pub fn topological_order(&self) -> Result<Vec<usize>, Vec<Vec<usize>>> {
        let n = self.len();
        let mut waiting_on = vec![0usize; n];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(a, b) in &self.edges {
            waiting_on[a] += 1;
            dependents[b].push(a);
        }
        let mut ready: BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
            .filter(|&i| waiting_on[i] == 0)
            .map(std::cmp::Reverse)
            .collect();
        let mut order = Vec::with_capacity(n);
        while let Some(std::cmp::Reverse(x)) = ready.pop() {
            order.push(x);
            for &d in &dependents[x] {
                waiting_on[d] -= 1;
                if waiting_on[d] == 0 {
                    ready.push(std::cmp::Reverse(d));
                }
            }
        }
        if order.len() == n {
            Ok(order)
        } else {
            Err(self.cycles())
        }
    }

    /// The heaviest chain of dependencies, dependency first, with its total weight (the
    /// longest path by step count when every weight is 1). `None` when there is a cycle or no
    /// item. Ties go to the chain ending at the lowest item, then through the lowest items.
    pub fn critical_path(&self, weight: impl Fn(usize) -> u64) -> Option<(Vec<usize>, u64)> {
        let order = self.topological_order().ok()?;
        let n = self.len();
        let mut best = vec![0u64; n];
        let mut via = vec![usize::MAX; n];
        for &x in &order {
            let mut heaviest: Option<usize> = None;
            for b in self.dependencies_of(x) {
                match heaviest {
                    Some(h) if best[h] > best[b] || (best[h] == best[b] && h < b) => {}
                    _ => heaviest = Some(b),
                }
            }
            best[x] = weight(x) + heaviest.map_or(0, |h| best[h]);
            via[x] = heaviest.unwrap_or(usize::MAX);
        }
        let end = (0..n).max_by(|&x, &y| best[x].cmp(&best[y]).then(y.cmp(&x)))?;
        let mut path = vec![end];
        let mut at = end;
        while via[at] != usize::MAX {
            at = via[at];
            path.push(at);
        }
        path.reverse();
        Some((path, best[end]))
    }
}

/// The edges of a cycle path, including the closing one.
pub fn cycle_edges(cycle: &[usize]) -> impl Iterator<Item = (usize, usize)> + '_ {
    (0..cycle.len()).map(move |i| (cycle[i], cycle[(i + 1) % cycle.len()]))
}

fn rotate_to_lowest(mut cycle: Vec<usize>) -> Vec<usize> {
    if let Some(pos) = cycle
        .iter()
        .enumerate()
        .min_by_key(|(_, x)| **x)
        .map(|(i, _)| i)
    {
        cycle.rotate_left(pos);
    }
    cycle
}

/// Items that lie on at least one cycle (including self-dependencies).
pub fn items_on_cycles(cycles: &[Vec<usize>]) -> BTreeSet<usize> {
    cycles.iter().flatten().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cycles_are_ordered_paths_from_their_lowest_item() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0 (not on a cycle)
        let d = Dependencies::new(5, [(1, 2), (2, 0), (0, 1), (3, 3), (4, 0)]);
        assert_eq!(d.cycles(), vec![vec![0, 1, 2], vec![3]]);
        assert!(d.topological_order().is_err());
        assert!(d.critical_path(|_| 1).is_none());
    }

    #[test]
    fn every_edge_on_a_cycle_is_reported() {
        // 0 ⇄ 1 ⇄ 2: two cycles sharing item 1.
        let d = Dependencies::new(3, [(0, 1), (1, 0), (1, 2), (2, 1)]);
        assert_eq!(d.cycles(), vec![vec![0, 1], vec![1, 2]]);
    }

    #[test]
    fn order_keeps_list_order_when_possible_and_puts_dependencies_first() {
        let d = Dependencies::new(4, [(1, 0), (2, 3)]);
        assert_eq!(d.topological_order().unwrap(), vec![0, 1, 3, 2]);
    }

    #[test]
    fn critical_path_is_the_longest_chain() {
        // 3 depends on 1 and 2; 1 on 0; so 0 → 1 → 3 is the longest.
        let d = Dependencies::new(4, [(1, 0), (3, 1), (3, 2)]);
        assert_eq!(d.critical_path(|_| 1), Some((vec![0, 1, 3], 3)));
        // With weights, the heavier branch wins.
        assert_eq!(
            d.critical_path(|i| if i == 2 { 10 } else { 1 }),
            Some((vec![2, 3], 11))
        );
        assert_eq!(Dependencies::new(0, []).critical_path(|_| 1), None);
    }

    /// Whether `to` can be reached from `from` by one or more edges (naive DFS).
    fn reaches(n: usize, edges: &[(usize, usize)], from: usize, to: usize) -> bool {
        let mut stack: Vec<usize> = edges
            .iter()
            .filter(|(a, _)| *a == from)
            .map(|(_, b)| *b)
            .collect();
        let mut seen = vec![false; n];
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            stack.extend(edges.iter().filter(|(a, _)| *a == x).map(|(_, b)| *b));
        }
        false
    }

    fn graphs() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
        (1usize..9).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..(n * 3))))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn reported_cycles_are_real_and_none_is_missed((n, edges) in graphs()) {
            let d = Dependencies::new(n, edges.iter().copied());
            let cycles = d.cycles();
            let mut covered = HashSet::new();
            for cycle in &cycles {
                // A real cycle: no item twice, and every step (incl. the closing one) an edge.
                let distinct: HashSet<_> = cycle.iter().collect();
                prop_assert_eq!(distinct.len(), cycle.len(), "{:?} repeats an item", cycle);
                for (a, b) in cycle_edges(cycle) {
                    prop_assert!(edges.contains(&(a, b)), "{:?}: no edge {} → {}", cycle, a, b);
                    covered.insert((a, b));
                }
            }
            // None missed: an edge lies on a cycle exactly when its start is reachable from
            // its end; every such edge is part of a reported cycle, and no other edge is.
            for &(a, b) in &edges {
                let on_cycle = a == b || reaches(n, &edges, b, a);
                prop_assert_eq!(on_cycle, covered.contains(&(a, b)), "edge {} → {}", a, b);
            }
            // Each item on a cycle per naive DFS is on a reported one.
            let on = items_on_cycles(&cycles);
            for x in 0..n {
                prop_assert_eq!(reaches(n, &edges, x, x), on.contains(&x), "item {}", x);
            }
        }

        #[test]
        fn topological_order_respects_every_edge((n, edges) in graphs()) {
            let d = Dependencies::new(n, edges.iter().copied());
            match d.topological_order() {
                Ok(order) => {
                    prop_assert_eq!(order.len(), n);
                    let mut position = vec![usize::MAX; n];
                    for (i, &x) in order.iter().enumerate() {
                        prop_assert_eq!(position[x], usize::MAX, "{} twice", x);
                        position[x] = i;
                    }
                    for &(a, b) in &edges {
                        prop_assert!(position[b] < position[a], "{} must come before {}", b, a);
                    }
                    prop_assert!(d.cycles().is_empty());
                    // The critical path is a chain of real edges, and no chain is longer.
                    let (path, len) = d.critical_path(|_| 1).unwrap();
                    prop_assert_eq!(path.len() as u64, len);
                    for w in path.windows(2) {
                        prop_assert!(edges.contains(&(w[1], w[0])));
                    }
                    let mut longest = vec![1u64; n];
                    for &x in &order {
                        for &(a, b) in &edges {
                            if a == x {
                                longest[x] = longest[x].max(longest[b] + 1);
                            }
                        }
                    }
                    prop_assert_eq!(longest.iter().copied().max().unwrap(), len);
                }
                Err(cycles) => prop_assert!(!cycles.is_empty()),
            }
        }
    }
}
