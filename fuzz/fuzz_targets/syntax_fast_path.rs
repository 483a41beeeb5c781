#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    innominatus_fuzz::remember(data);
    innominatus_fuzz::syntax_fast_path(data)
});
