\ Naive recursive Fibonacci: calls, returns and branches.
\ Usage: minivm fib.fs N   prints fib(N)
: fib dup 2 < if else dup 1 - fib swap 2 - fib + then ;
fib .
