//! The bytecode interpreter: a data stack, a return stack for calls and
//! loops, and a small cell memory for `@` and `!`.

use crate::compiler::{Op, Program};
use std::fmt;
use std::io::Write;

const MEMORY_CELLS: usize = 1 << 21;

#[derive(Debug)]
pub enum VmError {
    StackUnderflow(usize),
    DivisionByZero(usize),
    BadAddress(usize, i64),
    Output(std::io::Error),
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::StackUnderflow(pc) => write!(f, "stack underflow at instruction {pc}"),
            VmError::DivisionByZero(pc) => write!(f, "division by zero at instruction {pc}"),
            VmError::BadAddress(pc, address) => write!(f, "address {address} out of range at instruction {pc}"),
            VmError::Output(error) => write!(f, "cannot write output: {error}"),
        }
    }
}

pub struct Machine {
    stack: Vec<i64>,
    returns: Vec<i64>,
    memory: Vec<i64>,
}

impl Machine {
    pub fn new() -> Self {
        Machine { stack: Vec::with_capacity(1024), returns: Vec::with_capacity(1024), memory: vec![0; MEMORY_CELLS] }
    }

    pub fn push(&mut self, value: i64) {
        self.stack.push(value);
    }

    #[inline(never)]
    pub fn run(&mut self, program: &Program, out: &mut impl Write) -> Result<(), VmError> {
        let code = &program.code;
        let mut pc = program.entry;
        loop {
            let op = code[pc];
            pc += 1;
            match op {
                Op::Push(value) => self.stack.push(value),
                Op::Add => self.binary(pc, |a, b| Ok(a.wrapping_add(b)))?,
                Op::Sub => self.binary(pc, |a, b| Ok(a.wrapping_sub(b)))?,
                Op::Mul => self.binary(pc, |a, b| Ok(a.wrapping_mul(b)))?,
                Op::Div => self.binary(pc, |a, b| a.checked_div(b).ok_or(VmError::DivisionByZero(pc)))?,
                Op::Mod => self.binary(pc, |a, b| a.checked_rem(b).ok_or(VmError::DivisionByZero(pc)))?,
                Op::Lt => self.binary(pc, |a, b| Ok(flag(a < b)))?,
                Op::Gt => self.binary(pc, |a, b| Ok(flag(a > b)))?,
                Op::Eq => self.binary(pc, |a, b| Ok(flag(a == b)))?,
                Op::And => self.binary(pc, |a, b| Ok(a & b))?,
                Op::Or => self.binary(pc, |a, b| Ok(a | b))?,
                Op::Not => {
                    let a = self.pop(pc)?;
                    self.stack.push(flag(a == 0));
                }
                Op::Dup => {
                    let a = *self.stack.last().ok_or(VmError::StackUnderflow(pc))?;
                    self.stack.push(a);
                }
                Op::Drop => {
                    self.pop(pc)?;
                }
                Op::Swap => {
                    let b = self.pop(pc)?;
                    let a = self.pop(pc)?;
                    self.stack.push(b);
                    self.stack.push(a);
                }
                Op::Over => {
                    let len = self.stack.len();
                    if len < 2 {
                        return Err(VmError::StackUnderflow(pc));
                    }
                    self.stack.push(self.stack[len - 2]);
                }
                Op::Rot => {
                    let c = self.pop(pc)?;
                    let b = self.pop(pc)?;
                    let a = self.pop(pc)?;
                    self.stack.extend_from_slice(&[b, c, a]);
                }
                Op::Fetch => {
                    let address = self.pop(pc)?;
                    let cell = self.cell(pc, address)?;
                    self.stack.push(self.memory[cell]);
                }
                Op::Store => {
                    let address = self.pop(pc)?;
                    let value = self.pop(pc)?;
                    let cell = self.cell(pc, address)?;
                    self.memory[cell] = value;
                }
                Op::Print => {
                    let value = self.pop(pc)?;
                    write!(out, "{value} ").map_err(VmError::Output)?;
                }
                Op::Emit => {
                    let value = self.pop(pc)?;
                    out.write_all(&[value as u8]).map_err(VmError::Output)?;
                }
                Op::Call(address) => {
                    self.returns.push(pc as i64);
                    pc = address;
                }
                Op::Ret => pc = self.returns.pop().ok_or(VmError::StackUnderflow(pc))? as usize,
                Op::Jump(target) => pc = target,
                Op::JumpIfZero(target) => {
                    if self.pop(pc)? == 0 {
                        pc = target;
                    }
                }
                Op::DoStart => {
                    let start = self.pop(pc)?;
                    let limit = self.pop(pc)?;
                    self.returns.push(limit);
                    self.returns.push(start);
                }
                Op::DoLoop(target) => {
                    let len = self.returns.len();
                    if len < 2 {
                        return Err(VmError::StackUnderflow(pc));
                    }
                    self.returns[len - 1] += 1;
                    if self.returns[len - 1] < self.returns[len - 2] {
                        pc = target;
                    } else {
                        self.returns.truncate(len - 2);
                    }
                }
                Op::LoopIndex => {
                    let index = *self.returns.last().ok_or(VmError::StackUnderflow(pc))?;
                    self.stack.push(index);
                }
                Op::Halt => break,
            }
        }
        out.write_all(b"\n").map_err(VmError::Output)?;
        out.flush().map_err(VmError::Output)
    }

    fn pop(&mut self, pc: usize) -> Result<i64, VmError> {
        self.stack.pop().ok_or(VmError::StackUnderflow(pc))
    }

    fn binary(&mut self, pc: usize, f: impl Fn(i64, i64) -> Result<i64, VmError>) -> Result<(), VmError> {
        let b = self.pop(pc)?;
        let a = self.pop(pc)?;
        self.stack.push(f(a, b)?);
        Ok(())
    }

    fn cell(&self, pc: usize, address: i64) -> Result<usize, VmError> {
        usize::try_from(address).ok().filter(|&cell| cell < self.memory.len()).ok_or(VmError::BadAddress(pc, address))
    }
}

fn flag(condition: bool) -> i64 {
    if condition { -1 } else { 0 }
}
