#![no_main]

// Hostile variants of one file (issue 16): deep nesting, template bombs, alias bombs by bytes
// and by nodes, long lines; the first two bytes pick the file name and the variant.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    innominatus_fuzz::remember(data);
    innominatus_fuzz::hostile(data)
});
