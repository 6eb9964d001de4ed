// RLSPrimitives
