# syntax=docker/dockerfile:1
# VoiceSite for Azure Container Apps: multi-stage build, non-root, port 8080, SQLite data on /data.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the layer is cached until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY VoiceSite/VoiceSite.csproj VoiceSite/
COPY VoiceSite.Data/VoiceSite.Data.csproj VoiceSite.Data/
COPY VoiceSite.Audio/VoiceSite.Audio.csproj VoiceSite.Audio/
COPY VoiceSite.Simulator/VoiceSite.Simulator.csproj VoiceSite.Simulator/
RUN dotnet restore VoiceSite/VoiceSite.csproj
COPY VoiceSite/ VoiceSite/
COPY VoiceSite.Data/ VoiceSite.Data/
COPY VoiceSite.Audio/ VoiceSite.Audio/
COPY VoiceSite.Simulator/ VoiceSite.Simulator/
RUN dotnet publish VoiceSite/VoiceSite.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
# curl only for the container health check below. libopus for recordings: Concentus (the Opus codec) uses the system's
# libopus when it can load "libopus.so" (a link only the -dev package makes) and its managed port otherwise, which
# costs about 110 KB of garbage and 1.7 times the CPU per 20 ms recorded (bench/results.md, micro benchmarks).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libopus0 libopus-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The SQLite database (and with it the data-protection key ring) and the recordings live on a volume, owned by the
# image's non-root 'app' user. In Azure Container Apps the site uses Azure SQL and Blob Storage instead (infra/).
RUN mkdir -p /data/recordings && chown -R "$APP_UID" /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Default="Data Source=/data/voicesite.db" \
    Recordings__LocalPath=/data/recordings
# The shared array pool keeps up to 256 arrays of a size per core (the runtime's default is 32, and it has no
# runtimeconfig switch for this). Each live hub connection holds a 4 KB pipe segment while it waits for the browser;
# with hundreds of sessions, bursts rent more than 32 at once and the pool allocated new ones: 3.9 KB of garbage per
# relayed chunk at 200 sessions against 1.3 KB with this (bench/results.md, "Pipe segments from the shared pool").
ENV DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION=256
VOLUME /data
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl --fail --silent http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "VoiceSite.dll"]
