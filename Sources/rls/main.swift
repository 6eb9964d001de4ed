print("rls")
