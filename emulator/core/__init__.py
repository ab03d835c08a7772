"""What every emulated API shares: discovery routing and validation, Google's error
envelope, partial responses, identity, the world's state and its persistence."""
