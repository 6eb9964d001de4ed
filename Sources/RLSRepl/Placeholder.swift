// RLSRepl
