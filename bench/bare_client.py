"""A bare discord.py client, the baseline of the memory benchmark: same intents as Deckhand, nothing else.

Run by bench.memory_footprint with DISCORD_TOKEN, DISCORD_API_BASE and DISCORD_GATEWAY_URL set; prints
"ready" once READY and every guild have arrived, then idles.
"""

from __future__ import annotations

import asyncio
import os

import discord
import yarl


def main() -> None:
    base = os.environ["DISCORD_API_BASE"]
    discord.http.Route.BASE = base if base.endswith("/api/v10") else base + "/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    intents = discord.Intents.default()
    intents.message_content = True
    client = discord.Client(intents=intents, guild_ready_timeout=0.5)

    @client.event
    async def on_ready() -> None:
        print("ready", len(client.guilds), flush=True)

    asyncio.run(client.start(os.environ["DISCORD_TOKEN"]))


if __name__ == "__main__":
    main()
