"""Package data of the model: the service taxonomy and the labelled plans it is judged on."""
