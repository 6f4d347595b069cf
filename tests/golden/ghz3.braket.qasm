OPENQASM 3.0;
qubit[3] q;
h q[0];
cnot q[0], q[1];
cnot q[1], q[2];
