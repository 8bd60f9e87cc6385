;;! profiles = ["O0-explicit", "O0-guard"]
;; A module without memory: the descriptor lists none and nothing touches the memory base.
(module
  (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
