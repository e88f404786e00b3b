from outreach.cli.main import run

run()
