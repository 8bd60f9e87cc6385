;;! profiles = ["O0-explicit", "O0-guard"]
;; An active segment out of bounds makes instantiation trap (after nothing was written).
(assert_trap (module
  (memory 1)
  (data (i32.const 65535) "ab")) "out of bounds memory access")
