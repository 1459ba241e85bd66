//! Tests of the analyze stage, on inline text that is not from the seeds.
