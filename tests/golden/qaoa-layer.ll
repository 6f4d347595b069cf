; ModuleID = 'qaoa_layer'
source_filename = "qaoa_layer"

@0 = internal constant [2 x i8] c"c\00"
@1 = internal constant [5 x i8] c"c[0]\00"
@2 = internal constant [5 x i8] c"c[1]\00"
@3 = internal constant [5 x i8] c"c[2]\00"
@4 = internal constant [5 x i8] c"c[3]\00"

define void @main() #0 {
entry:
  call void @__quantum__rt__initialize(ptr null)
  call void @__quantum__qis__h__body(ptr null)
  call void @__quantum__qis__h__body(ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__h__body(ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__h__body(ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__cx__body(ptr null, ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__rz__body(double -3.500000e-01, ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__cx__body(ptr null, ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__cx__body(ptr null, ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__rz__body(double 0x3FD46D04297691DB, ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__cx__body(ptr null, ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__cx__body(ptr inttoptr (i64 1 to ptr), ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__rz__body(double 0x3FD46D04297691DB, ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__cx__body(ptr inttoptr (i64 1 to ptr), ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__cx__body(ptr inttoptr (i64 2 to ptr), ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__rz__body(double 2.000000e-01, ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__cx__body(ptr inttoptr (i64 2 to ptr), ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__rz__body(double 0x3FBC606A3B6D66A8, ptr null)
  call void @__quantum__qis__rz__body(double 0xBF9190C5A9D7B540, ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__rz__body(double 0xBFDF2D873BE52969, ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__rz__body(double 0xBFD802852F9B6F0A, ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__rx__body(double 1.500000e+00, ptr null)
  call void @__quantum__qis__rx__body(double 1.500000e+00, ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__rx__body(double 1.500000e+00, ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__rx__body(double 1.500000e+00, ptr inttoptr (i64 3 to ptr))
  call void @__quantum__qis__mz__body(ptr null, ptr null)
  call void @__quantum__qis__mz__body(ptr inttoptr (i64 1 to ptr), ptr inttoptr (i64 1 to ptr))
  call void @__quantum__qis__mz__body(ptr inttoptr (i64 2 to ptr), ptr inttoptr (i64 2 to ptr))
  call void @__quantum__qis__mz__body(ptr inttoptr (i64 3 to ptr), ptr inttoptr (i64 3 to ptr))
  call void @__quantum__rt__array_record_output(i64 4, ptr @0)
  call void @__quantum__rt__result_record_output(ptr null, ptr @1)
  call void @__quantum__rt__result_record_output(ptr inttoptr (i64 1 to ptr), ptr @2)
  call void @__quantum__rt__result_record_output(ptr inttoptr (i64 2 to ptr), ptr @3)
  call void @__quantum__rt__result_record_output(ptr inttoptr (i64 3 to ptr), ptr @4)
  ret void
}

declare void @__quantum__qis__cx__body(ptr, ptr)

declare void @__quantum__rt__initialize(ptr)

declare void @__quantum__qis__h__body(ptr)

declare void @__quantum__qis__rz__body(double, ptr)

declare void @__quantum__qis__rx__body(double, ptr)

declare void @__quantum__qis__mz__body(ptr, ptr writeonly) #1

declare void @__quantum__rt__array_record_output(i64, ptr)

declare void @__quantum__rt__result_record_output(ptr, ptr)

attributes #0 = { "entry_point" "output_labeling_schema"="labeled" "qir_profiles"="base_profile" "required_num_qubits"="4" "required_num_results"="4" }
attributes #1 = { "irreversible" }

!llvm.module.flags = !{!0, !1, !2, !3}

!0 = !{i32 1, !"qir_major_version", i32 1}
!1 = !{i32 7, !"qir_minor_version", i32 0}
!2 = !{i32 1, !"dynamic_qubit_management", i1 false}
!3 = !{i32 1, !"dynamic_result_management", i1 false}
