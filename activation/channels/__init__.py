"""Delivery channels: each implements `send(action, rendered) -> DeliveryResult`."""
