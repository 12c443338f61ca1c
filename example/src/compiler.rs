//! Source text to bytecode: words are looked up in the dictionary of
//! user definitions, then the built-ins; numbers push themselves.

use std::collections::HashMap;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Push(i64),
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Lt,
    Gt,
    Eq,
    And,
    Or,
    Not,
    Dup,
    Drop,
    Swap,
    Over,
    Rot,
    Fetch,
    Store,
    Print,
    Emit,
    Call(usize),
    Ret,
    Jump(usize),
    JumpIfZero(usize),
    /// Starts a counted loop: ( limit start -- ), both moved to the return stack.
    DoStart,
    /// Adds one to the index; jumps back to the target while index < limit.
    DoLoop(usize),
    LoopIndex,
    Halt,
}

pub struct Program {
    pub code: Vec<Op>,
    pub entry: usize,
}

#[derive(Debug)]
pub struct CompileError {
    pub word: String,
    pub message: &'static str,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at '{}'", self.message, self.word)
    }
}

enum Open {
    If(usize),
    Else(usize),
    Begin(usize),
    Do(usize),
}

pub fn compile(source: &str) -> Result<Program, CompileError> {
    let mut definitions: Vec<Op> = Vec::new();
    let mut main: Vec<Op> = Vec::new();
    let mut dictionary: HashMap<String, usize> = HashMap::new();
    let mut defining: Option<String> = None;
    let mut open: Vec<Open> = Vec::new();
    let mut words = tokens(source);

    while let Some(word) = words.next() {
        let error = |message| CompileError { word: word.to_string(), message };
        let code = if defining.is_some() { &mut definitions } else { &mut main };
        match word {
            ":" => {
                if defining.is_some() {
                    return Err(error("nested definition"));
                }
                let name = words.next().ok_or_else(|| error("definition without a name"))?;
                dictionary.insert(name.to_lowercase(), definitions.len());
                defining = Some(name.to_string());
            }
            ";" => {
                if defining.take().is_none() || !open.is_empty() {
                    return Err(error("unbalanced ;"));
                }
                definitions.push(Op::Ret);
            }
            "if" => {
                open.push(Open::If(code.len()));
                code.push(Op::JumpIfZero(0));
            }
            "else" => {
                let Some(Open::If(at)) = open.pop() else { return Err(error("else without if")) };
                open.push(Open::Else(code.len()));
                code.push(Op::Jump(0));
                code[at] = Op::JumpIfZero(code.len());
            }
            "then" => {
                let target = code.len();
                match open.pop() {
                    Some(Open::If(at)) => code[at] = Op::JumpIfZero(target),
                    Some(Open::Else(at)) => code[at] = Op::Jump(target),
                    _ => return Err(error("then without if")),
                }
            }
            "begin" => open.push(Open::Begin(code.len())),
            "until" => {
                let Some(Open::Begin(at)) = open.pop() else { return Err(error("until without begin")) };
                code.push(Op::JumpIfZero(at));
            }
            "do" => {
                code.push(Op::DoStart);
                open.push(Open::Do(code.len()));
            }
            "loop" => {
                let Some(Open::Do(at)) = open.pop() else { return Err(error("loop without do")) };
                code.push(Op::DoLoop(at));
            }
            _ => code.push(word_op(word, &dictionary).ok_or_else(|| error("unknown word"))?),
        }
    }
    if defining.is_some() || !open.is_empty() {
        return Err(CompileError { word: "end of input".into(), message: "unfinished definition or control structure" });
    }
    // Definitions first, then the main code; calls are absolute so nothing moves.
    let entry = definitions.len();
    definitions.extend(main);
    definitions.push(Op::Halt);
    Ok(Program { code: definitions, entry })
}

fn word_op(word: &str, dictionary: &HashMap<String, usize>) -> Option<Op> {
    let lower = word.to_lowercase();
    if let Some(&address) = dictionary.get(&lower) {
        return Some(Op::Call(address));
    }
    Some(match lower.as_str() {
        "+" => Op::Add,
        "-" => Op::Sub,
        "*" => Op::Mul,
        "/" => Op::Div,
        "mod" => Op::Mod,
        "<" => Op::Lt,
        ">" => Op::Gt,
        "=" => Op::Eq,
        "and" => Op::And,
        "or" => Op::Or,
        "not" => Op::Not,
        "dup" => Op::Dup,
        "drop" => Op::Drop,
        "swap" => Op::Swap,
        "over" => Op::Over,
        "rot" => Op::Rot,
        "@" => Op::Fetch,
        "!" => Op::Store,
        "." => Op::Print,
        "emit" => Op::Emit,
        "i" => Op::LoopIndex,
        _ => Op::Push(word.parse().ok()?),
    })
}

/// Words separated by white space; `( ... )` and `\ ...` are comments.
fn tokens(source: &str) -> impl Iterator<Item = &str> {
    let mut in_paren = false;
    source
        .lines()
        .flat_map(|line| line.split('\\').next().unwrap_or("").split_whitespace())
        .filter(move |word| {
            if *word == "(" {
                in_paren = true;
            }
            let keep = !in_paren;
            if word.ends_with(')') && in_paren {
                in_paren = false;
            }
            keep
        })
}
