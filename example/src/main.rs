//! minivm: compiles a small Forth-like language to bytecode and runs it.
//!
//! Usage: minivm PROGRAM.fs [NUMBER...]
//! The numbers are pushed on the data stack before the program runs.

mod compiler;
mod vm;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: minivm PROGRAM.fs [NUMBER...]");
        return ExitCode::from(2);
    };
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("minivm: cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let program = match compiler::compile(&source) {
        Ok(program) => program,
        Err(error) => {
            eprintln!("minivm: {path}: {error}");
            return ExitCode::from(1);
        }
    };
    let mut machine = vm::Machine::new();
    for arg in &args[1..] {
        match arg.parse::<i64>() {
            Ok(number) => machine.push(number),
            Err(_) => {
                eprintln!("minivm: argument '{arg}' is not a number");
                return ExitCode::from(2);
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(error) = machine.run(&program, &mut out) {
        drop(out);
        eprintln!("minivm: {path}: {error}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
