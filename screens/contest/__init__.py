"""The Contest section: scoreboard, projector, setup, teams, memo and export."""
