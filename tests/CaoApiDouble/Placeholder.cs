namespace CaoOps.Testing;
