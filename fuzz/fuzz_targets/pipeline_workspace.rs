#![no_main]

// A small repository: files separated by `=== PATH` lines (see `split_files`), checked
// together so cross-file rules, the graph and workflow resolution see each other.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    innominatus_fuzz::remember(data);
    innominatus_fuzz::pipeline(innominatus_fuzz::split_files(data));
});
