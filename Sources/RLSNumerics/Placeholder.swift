// RLSNumerics
