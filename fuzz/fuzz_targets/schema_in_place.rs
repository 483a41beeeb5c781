#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    innominatus_fuzz::remember(data);
    innominatus_fuzz::schema_in_place(data)
});
