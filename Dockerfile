# Multi-stage build: the SDK image builds and tests, the ASP.NET runtime image runs GptBot.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet restore GptBot.sln \
 && dotnet publish src/GptBot.Host/GptBot.Host.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# A CJK font for GPT_REPLY_MODE=image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei fontconfig \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY appsettings.json .
# Listen on all interfaces inside the container; conversations live in the /app/data volume.
ENV HOST=0.0.0.0 \
    PORT=8080 \
    GPT_DATA_DIR=/app/data
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["dotnet", "GptBot.dll"]
