# CostWatch and the demo agent fleet, built from source. `docker build .` gives the CostWatch image (the last
# stage); `docker build --target simulator .` the simulator's. docker-compose.yml builds both.
# A test (tests/CostWatch.Worker.Tests/DemoStack/DockerfileTests.cs) reads this file: it copies what the build
# stage copies, runs its `dotnet restore` and `dotnet publish` commands with these arguments, then starts the
# published worker with the image's ENV and runs the HEALTHCHECK command against it.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# The project files first: packages are restored again only when a project or the package versions change.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CostWatch.Core/CostWatch.Core.csproj src/CostWatch.Core/
COPY src/CostWatch.Storage/CostWatch.Storage.csproj src/CostWatch.Storage/
COPY src/CostWatch.Worker/CostWatch.Worker.csproj src/CostWatch.Worker/
COPY src/CostWatch.Simulator/CostWatch.Simulator.csproj src/CostWatch.Simulator/
RUN dotnet restore src/CostWatch.Worker/CostWatch.Worker.csproj \
 && dotnet restore src/CostWatch.Simulator/CostWatch.Simulator.csproj
COPY src/ src/
# The shipped alert rules, published next to the binary (the default CostWatch:Alerting:RulesFile).
COPY alert-rules/costwatch-rules.yaml alert-rules/
RUN dotnet publish src/CostWatch.Worker/CostWatch.Worker.csproj --no-restore -c Release -o /out/worker -p:UseAppHost=false
RUN dotnet publish src/CostWatch.Simulator/CostWatch.Simulator.csproj --no-restore -c Release -o /out/simulator -p:UseAppHost=false

# The demo agent fleet: `--scenario steady` unless told otherwise (docker-compose.yml passes the endpoint).
FROM mcr.microsoft.com/dotnet/runtime:${DOTNET_VERSION} AS simulator
WORKDIR /app
COPY --from=build /out/simulator ./
USER $APP_UID
ENTRYPOINT ["dotnet", "CostWatch.Simulator.dll"]
CMD ["--scenario", "steady"]

# CostWatch on PostgreSQL: set ConnectionStrings__CostWatch (Host=...;Username=...;Password=...;Database=...).
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS costwatch
WORKDIR /app
COPY --from=build /out/worker ./
ENV CostWatch__Storage__Provider=Postgres
EXPOSE 4317 4318
# The images' non-root user (uid 1654); CostWatch keeps nothing on local disk with PostgreSQL.
USER $APP_UID
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "CostWatch.Worker.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "CostWatch.Worker.dll"]
