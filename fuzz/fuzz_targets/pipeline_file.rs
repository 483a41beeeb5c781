#![no_main]

// One file through the whole pipeline; a one-byte prefix picks its name (see `named`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    innominatus_fuzz::remember(data);
    if let Some((name, bytes)) = innominatus_fuzz::named(data) {
        innominatus_fuzz::pipeline(vec![(name.to_string(), bytes.to_vec())]);
    }
});
