//! The table: rows generated from a seed, so every run sees the same data.

pub struct Row {
    pub price: f64,
    pub qty: f64,
    pub region: f64,
}

pub fn generate(rows: usize, seed: u64) -> Vec<Row> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..rows)
        .map(|_| Row {
            price: (next() % 20_000) as f64 / 100.0,
            qty: (next() % 20) as f64,
            region: (next() % 8) as f64,
        })
        .collect()
}
