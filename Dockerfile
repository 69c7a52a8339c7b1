# GptBot in a container. The SDK stage restores and publishes only the service (src/: GptBot.Host and the projects it
# references), never the tests, the bench or BenchmarkDotNet; the ASP.NET runtime stage runs it as a non-root user.
#   docker build -t gptbot .        (deploy/docker-compose.yml builds it and runs it beside NapCat)
# The SDK runs on the build machine's platform and publishes for the target's (linux/amd64 or linux/arm64, as NapCat's
# image), so `docker buildx build --platform linux/arm64` needs no emulation.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# Project files first: the package restore stays cached until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GptBot.Admin/GptBot.Admin.csproj src/GptBot.Admin/
COPY src/GptBot.Chat/GptBot.Chat.csproj src/GptBot.Chat/
COPY src/GptBot.Host/GptBot.Host.csproj src/GptBot.Host/
COPY src/GptBot.Llm/GptBot.Llm.csproj src/GptBot.Llm/
COPY src/GptBot.OneBot/GptBot.OneBot.csproj src/GptBot.OneBot/
COPY src/GptBot.Persistence/GptBot.Persistence.csproj src/GptBot.Persistence/
COPY src/GptBot.Rendering/GptBot.Rendering.csproj src/GptBot.Rendering/
# Framework-dependent, for the runtime image's .NET, but for one architecture: only its native libraries (SkiaSharp,
# e_sqlite3) are copied, not every platform's. The project would make a runtime-specific publish one self-contained
# file (the downloads); here that is switched off.
RUN dotnet restore src/GptBot.Host/GptBot.Host.csproj -a "$TARGETARCH" -p:SelfContained=false
COPY src/ src/
RUN dotnet publish src/GptBot.Host/GptBot.Host.csproj -c Release -a "$TARGETARCH" --no-restore \
    --self-contained false -p:PublishSingleFile=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# A CJK font for GPT_REPLY_MODE=image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei fontconfig \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY appsettings.json .
# Conversations live in the /app/data volume, owned by the image's non-root user (app, uid $APP_UID = 1654). A host
# directory mounted there instead must be writable by that uid.
RUN mkdir -p /app/data && chown "$APP_UID:$APP_UID" /app/data && chmod 0700 /app/data
USER $APP_UID
# Listening on all interfaces inside the container means anyone who reaches the port could connect as a bot, so GptBot
# refuses to start here without ONEBOT_ACCESS_TOKEN (pass it with -e or an env file; the compose file does).
ENV HOST=0.0.0.0 \
    PORT=8080 \
    GPT_DATA_DIR=/app/data
VOLUME ["/app/data"]
EXPOSE 8080
# The image has no curl: the service asks its own /healthz/live, on the HOST and PORT it is configured with. Liveness,
# not readiness: a container waiting for its first bot is not broken, and restarting it would not help.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["dotnet", "/app/GptBot.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "/app/GptBot.dll"]
