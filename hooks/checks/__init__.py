"""The rules an edition must pass, each a function from the model to a list of problems."""
