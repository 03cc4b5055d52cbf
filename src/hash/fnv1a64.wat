;; FNV-1a, 64 bits, over the bytes memory[ptr, ptr + len). Assembled at build time (scripts/build.mjs).
;; The bytes are read eight at a time (one little-endian i64 load, then each byte from the lowest up),
;; which halves the time of the byte loop under V8's baseline compiler; the last len % 8 bytes one by one.
(module
  (memory (export "memory") 1)
  (func (export "fnv1a64") (param $ptr i32) (param $len i32) (result i64)
    (local $hash i64)
    (local $end i32)
    (local $wordsEnd i32)
    (local $word i64)
    (local.set $hash (i64.const 0xcbf29ce484222325))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (local.set $wordsEnd (i32.sub (local.get $end) (i32.and (local.get $len) (i32.const 7))))
    (block $wordsDone
      (loop $nextWord
        (br_if $wordsDone (i32.ge_u (local.get $ptr) (local.get $wordsEnd)))
        (local.set $word (i64.load (local.get $ptr)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (local.get $word) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (i64.shr_u (local.get $word) (i64.const 8)) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (i64.shr_u (local.get $word) (i64.const 16)) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (i64.shr_u (local.get $word) (i64.const 24)) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (i64.shr_u (local.get $word) (i64.const 32)) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (i64.shr_u (local.get $word) (i64.const 40)) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.and (i64.shr_u (local.get $word) (i64.const 48)) (i64.const 0xff))) (i64.const 0x100000001b3)))
        (local.set $hash (i64.mul (i64.xor (local.get $hash) (i64.shr_u (local.get $word) (i64.const 56))) (i64.const 0x100000001b3)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
        (br $nextWord)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $hash
          (i64.mul
            (i64.xor (local.get $hash) (i64.load8_u (local.get $ptr)))
            (i64.const 0x100000001b3)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next)))
    (local.get $hash)))
