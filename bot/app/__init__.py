"""The front ends, kept apart from the rules they use.

- :mod:`bot.app.cli`: ``python -m bot`` and its subcommands.
- :mod:`bot.app.terminal`: the terminal quiz (``python -m bot play``).
- :mod:`bot.app.client`: the Discord client, the one core module that
  imports discord; it is imported only when the bot runs.
"""
