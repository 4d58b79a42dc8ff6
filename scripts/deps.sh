#!/usr/bin/env bash
# Installs, idempotently, everything the build and the tests need: Debian packages, the Debian source packages of
# Dear ImGui and SDL2 (both compiled by the web build itself), and the npm packages pinned in package.json.
# Everything not from apt lands in build/deps and build/npm; a second run takes seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/build/deps"
mkdir -p "$deps"
log() { printf '[deps] %s\n' "$*"; }

# --- Debian packages -----------------------------------------------------------------------------------------------
pkgs=(emscripten node-acorn nlohmann-json3-dev fonts-inter cmake g++ make chromium libgtest-dev dpkg-dev clang
      libclang-rt-14-dev nodejs npm gzip)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs may come from another origin that already ships npm
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
    missing=("${missing[@]/npm}")
fi
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null; then
    missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    sudo_cmd=""; [[ $(id -u) != 0 ]] && sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Debian source packages: imgui 1.86 and libsdl2, through a private deb-src list -------------------------------
fetch_source() { # name dir-glob
    local name=$1
    if compgen -G "$deps/src/$name-*/" >/dev/null; then return; fi
    local apt="$deps/apt"
    mkdir -p "$apt/sources" "$apt/lists/partial" "$deps/src"
    if [[ ! -f "$apt/.updated" ]]; then
        for f in /etc/apt/sources.list.d/*.sources; do
            sed 's/^Types:.*/Types: deb deb-src/' "$f" >"$apt/sources/$(basename "$f")"
        done
        apt-get -qq -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources" \
            -o Dir::State::Lists="$apt/lists" update
        touch "$apt/.updated"
    fi
    log "fetching source package $name"
    (cd "$deps/src" && apt-get -qq -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources" \
        -o Dir::State::Lists="$apt/lists" source "$name" >/dev/null 2>&1 ||
     { cd "$deps/src" && apt-get -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources" \
        -o Dir::State::Lists="$apt/lists" source "$name"; })
}
fetch_source imgui
fetch_source libsdl2
ln -sfn "$(compgen -G "$deps/src/imgui-*/" | head -1)" "$deps/imgui"
ln -sfn "$(compgen -G "$deps/src/libsdl2-*/" | head -1)" "$deps/sdl2-src"

# nlohmann only, never the whole of /usr/include
mkdir -p "$deps/include"
ln -sfn /usr/include/nlohmann "$deps/include/nlohmann"

# --- npm (tests and benchmarks), pinned by package-lock.json, installed into build/npm ------------------------------
npmdir="$root/build/npm"
mkdir -p "$npmdir"
if ! cmp -s "$root/package-lock.json" "$npmdir/package-lock.json" || [[ ! -d "$npmdir/node_modules" ]]; then
    log "installing npm packages"
    cp "$root/package.json" "$root/package-lock.json" "$npmdir/"
    (cd "$npmdir" && npm ci --no-audit --no-fund --cache "$npmdir/.cache" >/dev/null)
fi
log "ready"
