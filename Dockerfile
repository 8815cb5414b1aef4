# The trainer as a container: `docker run lander-lab --preset fast --seed 0 --out /runs/fast-seed0`
# trains one run into the mounted /runs. The Kubernetes Job in deploy/ runs one sweep trial per pod.
FROM node:24-bookworm-slim
WORKDIR /app
# Dependencies first, so that editing the source does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
VOLUME /runs
ENTRYPOINT ["npm", "run", "train", "--"]
CMD ["--preset", "fast", "--seed", "0", "--out", "/runs/fast-seed0"]
