// RLSLibrary
