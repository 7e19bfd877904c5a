# Lineflow image: one image for every process; the command picks which (see docker-compose.yml).
#   docker build -t lineflow .
#   docker run --rm lineflow            # usage
#   docker run --rm -e TEMPORAL_ADDRESS=… -e DATABASE_URL=mysql://… lineflow worker

# --- build: install dependencies (better-sqlite3 is a native addon and may need compiling) ---
FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# the web app and the website chat's script are built while Vite (a development dependency) is here
RUN npm run build:web && npm run build:widget && npm prune --omit=dev

# --- runtime: the source runs through tsx (a production dependency), no compile step ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000
WORKDIR /app
RUN chown node:node /app
USER node
COPY --from=build --chown=node:node /app ./
EXPOSE 3000
# node itself is PID 1 of the app (no npx/tsx wrapper), so SIGTERM from `docker stop` reaches Lineflow.
ENTRYPOINT ["node", "--import", "tsx", "bin/lineflow.ts"]
CMD ["start"]
