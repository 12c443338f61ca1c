\ Sieve of Eratosthenes over memory cells: counted loops, loads and stores.
\ Usage: minivm sieve.fs N   prints how many primes are below N (N < 2000000)
\ Cells: 0 = N, 1 = current prime, 2 = multiple being struck, 3 = count.
\ The sieve itself starts at cell 16.
: limit 0 @ ;
: slot 16 + ;
: strike ( -- )
  1 @ dup * 2 !
  begin
    2 @ limit < if -1 2 @ slot !  2 @ 1 @ + 2 !  0 else -1 then
  until ;
: count-primes ( -- count )
  0 3 !
  limit 2 do
    i slot @ 0 = if
      3 @ 1 + 3 !
      i 1 !  i i * limit < if strike then
    then
  loop
  3 @ ;
0 ! count-primes .
