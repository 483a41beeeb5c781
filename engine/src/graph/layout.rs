//! A small layered ("Sugiyama") layout for the in-process SVG export, left to right.
//!
//! Why our own: `layout-rs` (DESIGN.md §8's suggestion) re-verifies the whole graph after
//! every edge it adds with a reachability search that un-marks visited nodes, which is
//! exponential on graphs with many converging paths (nadavrot/layout#3: a 700-node graph did
//! not finish in 10 minutes) and panics through `assert!` on inputs it does not expect. A
//! workspace graph converges a lot (every resource of a type reaches the same provider), so
//! this module does the classic steps itself, each linear or `n log n` per sweep:
//!
//! 1. break cycles by reversing the back edges of a depth-first search (in node order);
//! 2. rank by longest path from the sources, then pull sources next to their first successor;
//! 3. split edges that span several ranks with dummy nodes;
//! 4. order each rank by barycenters of the neighbouring rank, sweeping down and up, keep
//!    the order with the fewest crossings, then swap neighbours while that removes some;
//! 5. place ranks in columns and nodes in rows, nudged towards their neighbours within a
//!    band a little taller than the tallest rank.
//!
//! Deterministic: same input, same coordinates.

/// Where everything goes. Coordinates grow right and down.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Top-left corner of each node.
    pub nodes: Vec<(f64, f64)>,
    /// For each input edge, the points of its route from source to target (through the
    /// dummy nodes of long edges). Empty for self-loops, which the renderer draws itself.
    pub edges: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

const MARGIN: f64 = 24.0;
const COLUMN_GAP: f64 = 72.0;
const ROW_GAP: f64 = 18.0;
const DUMMY_HEIGHT: f64 = 6.0;
const SWEEPS: usize = 12;
/// How much taller than its tallest rank the picture may be (see step 5).
const BAND_SLACK: f64 = 1.2;
/// Dummy nodes allowed per node before long edges are drawn directly (see step 3).
const DUMMIES_PER_NODE: usize = 8;

/// Lays out nodes of the given `(width, height)` and the edges `(from, to)` between them,
/// each edge's target right of its source (except where a cycle has to be broken). Edges
/// marked `free` take no part in ranking and ordering and are drawn as one direct curve:
/// relations that only repeat what other edges already say about the order, whose long
/// detours would otherwise stretch every rank they cross.
pub fn layered(sizes: &[(f64, f64)], edges: &[(usize, usize)], free: &[bool]) -> Layout {
    let is_free = |e: usize| free.get(e).copied().unwrap_or(false);
    let n = sizes.len();
    if n == 0 {
        return Layout {
            nodes: Vec::new(),
            edges: vec![Vec::new(); edges.len()],
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
        };
    }

    // 1. Cycle breaking: back edges of a DFS (in node order) are reversed.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(a, b)) in edges.iter().enumerate() {
        if a != b && !is_free(i) {
            out[a].push(i);
        }
    }
    let mut reversed = vec![false; edges.len()];
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut preorder = vec![usize::MAX; n];
    let mut counter = 0;
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        preorder[root] = counter;
        counter += 1;
        while let Some(&mut (x, ref mut next)) = stack.last_mut() {
            if *next < out[x].len() {
                let e = out[x][*next];
                *next += 1;
                let y = edges[e].1;
                match state[y] {
                    0 => {
                        state[y] = 1;
                        preorder[y] = counter;
                        counter += 1;
                        stack.push((y, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[x] = 2;
                stack.pop();
            }
        }
    }
    let dag: Vec<Option<(usize, usize)>> = edges
        .iter()
        .zip(&reversed)
        .enumerate()
        .map(|(i, (&(a, b), &r))| match (a == b || is_free(i), r) {
            (true, _) => None,
            (false, false) => Some((a, b)),
            (false, true) => Some((b, a)),
        })
        .collect();

    // 2. Ranks: longest path from the sources (Kahn), then sources moved right.
    let mut indegree = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag.iter().flatten() {
        indegree[b] += 1;
        succ[a].push(b);
    }
    let mut rank = vec![0usize; n];
    let mut remaining = indegree.clone();
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(x) = queue.pop_front() {
        for &y in &succ[x] {
            rank[y] = rank[y].max(rank[x] + 1);
            remaining[y] -= 1;
            if remaining[y] == 0 {
                queue.push_back(y);
            }
        }
    }
    for x in 0..n {
        if indegree[x] == 0 {
            if let Some(min) = succ[x].iter().map(|&y| rank[y]).min() {
                rank[x] = min.saturating_sub(1);
            }
        }
    }

    // 3. Dummy nodes on long edges. Vertices: the nodes, then the dummies. Their number is
    // the sum of the edges' spans, quadratic in the worst case; past the budget the longest
    // edges are drawn directly instead, so every later step stays linear in the graph.
    let mut direct = vec![false; edges.len()];
    let span = |d: &Option<(usize, usize)>| d.map_or(0, |(a, b)| rank[b] - rank[a] - 1);
    let mut dummies: usize = dag.iter().map(span).sum();
    let budget = DUMMIES_PER_NODE * n + 1000;
    if dummies > budget {
        let mut longest: Vec<usize> = (0..dag.len()).filter(|&e| span(&dag[e]) > 0).collect();
        longest.sort_by_key(|&e| (std::cmp::Reverse(span(&dag[e])), e));
        for e in longest {
            if dummies <= budget {
                break;
            }
            dummies -= span(&dag[e]);
            direct[e] = true;
        }
    }
    let dag: Vec<Option<(usize, usize)>> = dag
        .into_iter()
        .zip(&direct)
        .map(|(d, &skip)| d.filter(|_| !skip))
        .collect();
    let mut height: Vec<f64> = sizes.iter().map(|s| s.1).collect();
    let mut width: Vec<f64> = sizes.iter().map(|s| s.0).collect();
    let mut vrank = rank.clone();
    let mut key: Vec<f64> = preorder.iter().map(|&p| p as f64).collect();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for &d in &dag {
        let Some((a, b)) = d else {
            chains.push(Vec::new());
            continue;
        };
        let mut chain = vec![a];
        for (k, r) in (rank[a] + 1..rank[b]).enumerate() {
            let v = height.len();
            height.push(DUMMY_HEIGHT);
            width.push(0.0);
            vrank.push(r);
            key.push(key[a] + 0.001 * (k + 1) as f64);
            chain.push(v);
        }
        chain.push(b);
        chains.push(chain);
    }
    let vertices = height.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); vertices]; // neighbours in the previous rank
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); vertices]; // … in the next rank
    for chain in &chains {
        for w in chain.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }

    // 4. Ordering by barycenters.
    let ranks = vrank.iter().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    for v in 0..vertices {
        layers[vrank[v]].push(v);
    }
    for layer in &mut layers {
        layer.sort_by(|&x, &y| key[x].total_cmp(&key[y]).then(x.cmp(&y)));
    }
    let mut position = vec![0usize; vertices];
    let index_positions = |layers: &Vec<Vec<usize>>, position: &mut Vec<usize>| {
        for layer in layers {
            for (i, &v) in layer.iter().enumerate() {
                position[v] = i;
            }
        }
    };
    index_positions(&layers, &mut position);
    // Sweeps can make things worse again (barycenters are a heuristic), so the order with the
    // fewest crossings seen is kept; a crossing-free order ends the sweeps early.
    let mut best = layers.clone();
    let mut best_crossings = crossings(&layers, &down, &position);
    for sweep in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..ranks).collect()
        } else {
            (0..ranks.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize, usize)> = layers[r]
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let ns = &neighbours[v];
                    let bary = if ns.is_empty() {
                        i as f64
                    } else {
                        ns.iter().map(|&u| position[u] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (bary, i, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[r] = keyed.into_iter().map(|(_, _, v)| v).collect();
            for (i, &v) in layers[r].iter().enumerate() {
                position[v] = i;
            }
        }
        let now = crossings(&layers, &down, &position);
        if now < best_crossings {
            best_crossings = now;
            best = layers.clone();
        }
    }
    layers = best;
    index_positions(&layers, &mut position);
    transpose(&mut layers, &mut position, &up, &down);

    // 5. Coordinates: columns per rank, rows stacked, then nudged towards neighbours.
    let mut column_x = vec![MARGIN; ranks];
    for r in 1..ranks {
        let widest = layers[r - 1].iter().map(|&v| width[v]).fold(0.0, f64::max);
        column_x[r] = column_x[r - 1] + widest + COLUMN_GAP;
    }
    let column_width: Vec<f64> = layers
        .iter()
        .map(|l| l.iter().map(|&v| width[v]).fold(0.0, f64::max))
        .collect();
    let mut y = vec![0.0f64; vertices];
    let mut tallest: f64 = 0.0;
    for layer in &layers {
        let mut top = 0.0;
        for &v in layer {
            y[v] = top;
            top += height[v] + ROW_GAP;
        }
        tallest = tallest.max(top);
    }
    // Every rank stays within a band a little taller than the tallest rank stacked: nodes
    // drift towards their neighbours, but a wide graph cannot spread into a picture many
    // times taller than its largest rank.
    let band = tallest * BAND_SLACK;
    let center = |v: usize, y: &Vec<f64>| y[v] + height[v] / 2.0;
    for sweep in 0..8 {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..ranks).collect()
        } else {
            (0..ranks.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &up } else { &down };
            let layer = &layers[r];
            // As close to the wish (the neighbours' mean) as the order allows: pushed down
            // past the node above, then up under the node below and the band's bottom.
            let mut placed = Vec::with_capacity(layer.len());
            let mut bottom = 0.0f64;
            for &v in layer {
                let ns = &neighbours[v];
                let wish = if ns.is_empty() {
                    y[v]
                } else {
                    ns.iter().map(|&u| center(u, &y)).sum::<f64>() / ns.len() as f64
                        - height[v] / 2.0
                };
                let top = wish.max(bottom);
                placed.push(top);
                bottom = top + height[v] + ROW_GAP;
            }
            let mut limit = band;
            for (i, &v) in layer.iter().enumerate().rev() {
                placed[i] = placed[i].min(limit - height[v] - ROW_GAP);
                limit = placed[i];
            }
            for (i, &v) in layer.iter().enumerate() {
                y[v] = placed[i];
            }
        }
    }
    let min_y = y.iter().copied().fold(f64::INFINITY, f64::min);
    for value in &mut y {
        *value += MARGIN - min_y;
    }
    let x: Vec<f64> = (0..vertices)
        .map(|v| column_x[vrank[v]] + (column_width[vrank[v]] - width[v]) / 2.0)
        .collect();

    let routes: Vec<Vec<(f64, f64)>> = chains
        .iter()
        .zip(&reversed)
        .enumerate()
        .map(|(i, (chain, &rev))| {
            let (a, b) = edges[i];
            if (is_free(i) || direct[i]) && a != b {
                // Between the facing sides of the two nodes.
                return if x[a] <= x[b] {
                    vec![(x[a] + width[a], center(a, &y)), (x[b], center(b, &y))]
                } else {
                    vec![(x[a], center(a, &y)), (x[b] + width[b], center(b, &y))]
                };
            }
            if chain.is_empty() {
                return Vec::new();
            }
            // From the right side of the source to the left side of the target; dummies have
            // no width.
            let mut points: Vec<(f64, f64)> = chain
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let side = if i == 0 { width[v] } else { 0.0 };
                    (x[v] + side, center(v, &y))
                })
                .collect();
            if rev {
                points.reverse();
            }
            points
        })
        .collect();
    let width_total = (0..vertices).map(|v| x[v] + width[v]).fold(0.0, f64::max) + MARGIN;
    let height_total = (0..vertices).map(|v| y[v] + height[v]).fold(0.0, f64::max) + MARGIN;
    Layout {
        nodes: (0..n).map(|v| (x[v], y[v])).collect(),
        edges: routes,
        width: width_total,
        height: height_total,
    }
}

/// Crossings between the edges of `u` and those of `v` (neighbours in one rank, `u` above)
/// with the ranks on either side.
fn pair_crossings(
    u: usize,
    v: usize,
    position: &[usize],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
) -> usize {
    let mut total = 0;
    for side in [up, down] {
        for &a in &side[u] {
            total += side[v]
                .iter()
                .filter(|&&b| position[b] < position[a])
                .count();
        }
    }
    total
}

/// Swaps neighbours in a rank while that removes crossings (the "transpose" step of Gansner
/// et al.), a few passes at most. Pairs whose edges would take long to compare are skipped,
/// so the cost stays linear in the edges for any graph.
fn transpose(
    layers: &mut [Vec<usize>],
    position: &mut [usize],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
) {
    const PASSES: usize = 4;
    const PAIR_WORK: usize = 4096;
    let degree = |v: usize| up[v].len() + down[v].len();
    for _ in 0..PASSES {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 1..layer.len() {
                let (u, v) = (layer[i - 1], layer[i]);
                if degree(u) * degree(v) > PAIR_WORK {
                    continue;
                }
                let now = pair_crossings(u, v, position, up, down);
                let swapped = pair_crossings(v, u, position, up, down);
                if swapped < now {
                    layer.swap(i - 1, i);
                    position[u] = i;
                    position[v] = i - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// The number of edge crossings between every pair of neighbouring ranks, for the order in
/// `position`: edges sorted by their left end, then the inversions among their right ends
/// counted with a Fenwick tree (`E log V` per pair of ranks, Barth–Jünger–Mutzel style).
fn crossings(layers: &[Vec<usize>], down: &[Vec<usize>], position: &[usize]) -> u64 {
    let mut total = 0u64;
    for pair in layers.windows(2) {
        let (left, right) = (&pair[0], &pair[1]);
        let mut ends: Vec<(usize, usize)> = left
            .iter()
            .flat_map(|&u| down[u].iter().map(move |&v| (position[u], position[v])))
            .collect();
        ends.sort_unstable();
        let mut tree = vec![0u64; right.len() + 1];
        for (seen, &(_, to)) in ends.iter().enumerate() {
            // Edges seen so far whose right end lies strictly below this one cross it.
            let mut at_or_above = 0u64;
            let mut i = to + 1;
            while i > 0 {
                at_or_above += tree[i];
                i &= i - 1;
            }
            total += seen as u64 - at_or_above;
            let mut i = to + 1;
            while i < tree.len() {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    }

    #[test]
    fn nodes_never_overlap_and_edges_go_left_to_right_when_acyclic() {
        let sizes = vec![(80.0, 30.0); 6];
        let edges = [(0, 1), (0, 2), (1, 3), (2, 3), (0, 3), (4, 5)];
        let l = layered(&sizes, &edges, &[]);
        for i in 0..6 {
            for j in i + 1..6 {
                let a = (l.nodes[i].0, l.nodes[i].1, 80.0, 30.0);
                let b = (l.nodes[j].0, l.nodes[j].1, 80.0, 30.0);
                assert!(!overlaps(a, b), "{i} and {j} overlap: {l:?}");
            }
        }
        for (e, route) in edges.iter().zip(&l.edges) {
            assert!(route.len() >= 2);
            assert!(route[0].0 < route[route.len() - 1].0, "{e:?} goes right");
        }
        // The long edge 0 → 3 passes through one dummy.
        assert_eq!(l.edges[4].len(), 3);
        assert!(l.width > 0.0 && l.height > 0.0);
    }

    #[test]
    fn cycles_and_self_loops_are_laid_out() {
        let sizes = vec![(50.0, 20.0); 3];
        let edges = [(0, 1), (1, 2), (2, 0), (1, 1)];
        let l = layered(&sizes, &edges, &[]);
        assert_eq!(l.nodes.len(), 3);
        assert!(l.edges[3].is_empty());
        // The back edge 2 → 0 still starts at 2 and ends at 0.
        let back = &l.edges[2];
        let (sx, _) = back[0];
        let (ex, _) = back[back.len() - 1];
        assert!(sx >= l.nodes[0].0 && ex <= l.nodes[2].0 + 50.0);
        assert_eq!(layered(&[], &[], &[]).nodes.len(), 0);
    }

    /// Crossings counted pair by pair, the obvious way.
    fn naive_crossings(layers: &[Vec<usize>], down: &[Vec<usize>], position: &[usize]) -> u64 {
        let mut total = 0;
        for pair in layers.windows(2) {
            let ends: Vec<(usize, usize)> = pair[0]
                .iter()
                .flat_map(|&u| down[u].iter().map(move |&v| (position[u], position[v])))
                .collect();
            for (i, a) in ends.iter().enumerate() {
                for b in &ends[i + 1..] {
                    if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                        total += 1;
                    }
                }
            }
        }
        total
    }

    proptest::proptest! {
        #[test]
        fn crossings_match_the_obvious_count(
            sizes in proptest::collection::vec(1usize..7, 2..5),
            picks in proptest::collection::vec((0usize..100, 0usize..100), 0..30),
        ) {
            // Ranks of the given sizes, vertices numbered rank by rank; edges between
            // neighbouring ranks picked from the random pairs.
            let mut layers = Vec::new();
            let mut next = 0;
            for &size in &sizes {
                layers.push((next..next + size).collect::<Vec<usize>>());
                next += size;
            }
            let mut down = vec![Vec::new(); next];
            for (k, &(a, b)) in picks.iter().enumerate() {
                let r = k % (layers.len() - 1);
                let from = layers[r][a % layers[r].len()];
                let to = layers[r + 1][b % layers[r + 1].len()];
                down[from].push(to);
            }
            let mut position = vec![0; next];
            for layer in &layers {
                for (i, &v) in layer.iter().enumerate() {
                    position[v] = i;
                }
            }
            proptest::prop_assert_eq!(
                crossings(&layers, &down, &position),
                naive_crossings(&layers, &down, &position)
            );
            // Transposing never adds crossings.
            let mut up = vec![Vec::new(); next];
            for (from, tos) in down.iter().enumerate() {
                for &to in tos {
                    up[to].push(from);
                }
            }
            let before = crossings(&layers, &down, &position);
            transpose(&mut layers, &mut position, &up, &down);
            proptest::prop_assert!(crossings(&layers, &down, &position) <= before);
        }
    }

    #[test]
    fn transposing_swaps_neighbours_when_that_removes_crossings() {
        // Rank 0: a b; rank 1: c d; edges a–d, b–c, b–d: a–d crosses b–c.
        let (a, b, c, d) = (0, 1, 2, 3);
        let mut layers = vec![vec![a, b], vec![c, d]];
        let down = vec![vec![d], vec![c, d], vec![], vec![]];
        let up = vec![vec![], vec![], vec![b], vec![a, b]];
        let mut position = vec![0, 1, 0, 1];
        assert_eq!(crossings(&layers, &down, &position), 1);
        transpose(&mut layers, &mut position, &up, &down);
        assert_eq!(crossings(&layers, &down, &position), 0);
        assert!(layers == vec![vec![b, a], vec![c, d]] || layers == vec![vec![a, b], vec![d, c]]);
    }

    #[test]
    fn thousands_of_nodes_are_laid_out_in_bounded_time() {
        // 3,000 nodes in 30 chains of 100 with cross links (a generated workspace has
        // about 2,000 nodes and 4,800 edges); a debug build takes well under a second.
        let n = 3000;
        let sizes = vec![(120.0, 38.0); n];
        let mut edges = Vec::new();
        for i in 0..n {
            if i % 100 != 99 {
                edges.push((i, i + 1));
            }
            edges.push((i, (i * 7919 + 13) % n));
        }
        let started = std::time::Instant::now();
        let l = layered(&sizes, &edges, &[]);
        let took = started.elapsed();
        assert_eq!(l.nodes.len(), n);
        assert!(took.as_secs() < 20, "{n} nodes took {took:?}");
    }
}
