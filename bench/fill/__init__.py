"""The parts of the bench data generator, one module per area of the portal."""
