\ The start below N with the longest Collatz chain: arithmetic and branches.
\ Usage: minivm collatz.fs N   prints the start and its chain length
\ Cells: 0 = N, 1 = longest length, 2 = its start.
: step ( n -- n' ) dup 2 mod if 3 * 1 + else 2 / then ;
: chain ( n -- length ) 1 swap begin dup 1 = if -1 else step swap 1 + swap 0 then until drop ;
: longest ( -- )
  0 1 !  0 2 !
  0 @ 1 do
    i chain dup 1 @ > if 1 ! i 2 ! else drop then
  loop
  2 @ . 1 @ . ;
0 ! longest
