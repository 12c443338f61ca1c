//! rowq: runs filter queries over a table of generated rows.
//!
//! Usage: rowq [--rows N] [--seed S] [--rounds R] QUERY...
//! Each query is an expression over the columns price, qty and region, such as
//! `price > 100 and qty < 5` or `region = 3 or not (price < 20)`. For each
//! query rowq prints how many rows match and the sum of their prices.

mod query;
mod table;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut rows = 100_000usize;
    let mut seed = 42u64;
    let mut rounds = 1u64;
    let mut queries = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let number = |value: Option<String>| value.and_then(|text| text.parse::<u64>().ok());
        match arg.as_str() {
            "--rows" => match number(args.next()) {
                Some(value) => rows = value as usize,
                None => return usage("--rows takes a number"),
            },
            "--seed" => match number(args.next()) {
                Some(value) => seed = value,
                None => return usage("--seed takes a number"),
            },
            "--rounds" => match number(args.next()) {
                Some(value) => rounds = value.max(1),
                None => return usage("--rounds takes a number"),
            },
            _ => queries.push(arg),
        }
    }
    if queries.is_empty() {
        return usage("give at least one query");
    }
    let table = table::generate(rows, seed);
    for text in &queries {
        let query = match query::parse(text) {
            Ok(query) => query,
            Err(error) => {
                eprintln!("rowq: {text}: {error}");
                return ExitCode::from(1);
            }
        };
        // Every round gives the same answer: more rounds are more work on the same data.
        let mut result = (0, 0.0);
        for _ in 0..rounds {
            result = query::run(query.as_ref(), &table);
        }
        let (count, sum) = result;
        println!("{count} rows, price sum {sum:.2}: {text}");
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("rowq: {problem}\nusage: rowq [--rows N] [--seed S] [--rounds R] QUERY...");
    ExitCode::from(2)
}
