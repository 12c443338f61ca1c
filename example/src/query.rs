//! Queries: parsed into a tree of expression nodes behind `dyn` pointers, and
//! evaluated row by row. Which node types a query holds is known only when it
//! is parsed, so the calls between nodes are indirect: the plain build cannot
//! tell which implementation each call reaches; a profile can.

use crate::table::Row;

pub trait Expr {
    fn eval(&self, row: &Row) -> f64;
}

struct Column(fn(&Row) -> f64);
struct Constant(f64);
struct Compare(Box<dyn Expr>, Ordering, Box<dyn Expr>);
struct And(Box<dyn Expr>, Box<dyn Expr>);
struct Or(Box<dyn Expr>, Box<dyn Expr>);
struct Not(Box<dyn Expr>);

#[derive(Clone, Copy)]
enum Ordering {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

fn truth(value: bool) -> f64 {
    if value { 1.0 } else { 0.0 }
}

impl Expr for Column {
    fn eval(&self, row: &Row) -> f64 {
        (self.0)(row)
    }
}

impl Expr for Constant {
    fn eval(&self, _: &Row) -> f64 {
        self.0
    }
}

impl Expr for Compare {
    fn eval(&self, row: &Row) -> f64 {
        let (left, right) = (self.0.eval(row), self.2.eval(row));
        truth(match self.1 {
            Ordering::Less => left < right,
            Ordering::LessOrEqual => left <= right,
            Ordering::Greater => left > right,
            Ordering::GreaterOrEqual => left >= right,
            Ordering::Equal => left == right,
            Ordering::NotEqual => left != right,
        })
    }
}

impl Expr for And {
    fn eval(&self, row: &Row) -> f64 {
        truth(self.0.eval(row) != 0.0 && self.1.eval(row) != 0.0)
    }
}

impl Expr for Or {
    fn eval(&self, row: &Row) -> f64 {
        truth(self.0.eval(row) != 0.0 || self.1.eval(row) != 0.0)
    }
}

impl Expr for Not {
    fn eval(&self, row: &Row) -> f64 {
        truth(self.0.eval(row) == 0.0)
    }
}

/// How many rows match, and the sum of their prices.
#[inline(never)]
pub fn run(query: &dyn Expr, table: &[Row]) -> (usize, f64) {
    let mut count = 0;
    let mut sum = 0.0;
    for row in table {
        if query.eval(row) != 0.0 {
            count += 1;
            sum += row.price;
        }
    }
    (count, sum)
}

/// query := term ("or" term)* ; term := factor ("and" factor)* ;
/// factor := "not" factor | "(" query ")" | operand ordering operand
pub fn parse(text: &str) -> Result<Box<dyn Expr>, String> {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut parser = Parser { tokens, at: 0 };
    let query = parser.query()?;
    match parser.peek() {
        None => Ok(query),
        Some(token) => Err(format!("unexpected '{token}'")),
    }
}

struct Parser<'a> {
    tokens: Vec<&'a str>,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.at).copied()
    }

    fn take(&mut self) -> Result<&'a str, String> {
        let token = self.peek().ok_or("the query ends too early")?;
        self.at += 1;
        Ok(token)
    }

    fn query(&mut self) -> Result<Box<dyn Expr>, String> {
        let mut left = self.term()?;
        while self.peek() == Some("or") {
            self.at += 1;
            left = Box::new(Or(left, self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Box<dyn Expr>, String> {
        let mut left = self.factor()?;
        while self.peek() == Some("and") {
            self.at += 1;
            left = Box::new(And(left, self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Box<dyn Expr>, String> {
        match self.peek() {
            Some("not") => {
                self.at += 1;
                Ok(Box::new(Not(self.factor()?)))
            }
            Some("(") => {
                self.at += 1;
                let inner = self.query()?;
                match self.take()? {
                    ")" => Ok(inner),
                    other => Err(format!("expected ')', found '{other}'")),
                }
            }
            _ => {
                let left = self.operand()?;
                let ordering = match self.take()? {
                    "<" => Ordering::Less,
                    "<=" => Ordering::LessOrEqual,
                    ">" => Ordering::Greater,
                    ">=" => Ordering::GreaterOrEqual,
                    "=" => Ordering::Equal,
                    "!=" => Ordering::NotEqual,
                    other => return Err(format!("expected a comparison, found '{other}'")),
                };
                Ok(Box::new(Compare(left, ordering, self.operand()?)))
            }
        }
    }

    fn operand(&mut self) -> Result<Box<dyn Expr>, String> {
        let token = self.take()?;
        Ok(match token {
            "price" => Box::new(Column(|row| row.price)),
            "qty" => Box::new(Column(|row| row.qty)),
            "region" => Box::new(Column(|row| row.region)),
            number => Box::new(Constant(number.parse().map_err(|_| format!("'{number}' is neither a column nor a number"))?)),
        })
    }
}
