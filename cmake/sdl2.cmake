# SDL2 for wasm, from Debian's source package (scripts/deps.sh unpacks it into build/deps/sdl2-src).
# Built the way Emscripten's own SDL2 port builds it (see emscripten's tools/ports/sdl2.py): a fixed list of sources
# compiled against SDL's hand-written include/SDL_config_emscripten.h. SDL's own CMake would first run ~6 minutes of
# configure checks, each an emcc link, to find out what that header already says.
# Only what the dashboard uses: video, events, timers, and the joystick layer imgui_impl_sdl asks for gamepads.
set(SDL2_SRC "${REVLENS_DEPS}/sdl2-src")
set(SDL2_INCLUDE "${SDL2_SRC}/include")
set(SDL2_FILES
    SDL.c SDL_assert.c SDL_dataqueue.c SDL_error.c SDL_guid.c SDL_hints.c SDL_list.c SDL_log.c SDL_utils.c
    atomic/SDL_atomic.c atomic/SDL_spinlock.c
    cpuinfo/SDL_cpuinfo.c
    events/SDL_clipboardevents.c events/SDL_displayevents.c events/SDL_dropevents.c events/SDL_events.c
    events/SDL_gesture.c events/SDL_keyboard.c events/SDL_keysym_to_scancode.c events/SDL_mouse.c events/SDL_quit.c
    events/SDL_scancode_tables.c events/SDL_touch.c events/SDL_windowevents.c
    file/SDL_rwops.c loadso/dummy/SDL_sysloadso.c
    joystick/SDL_gamecontroller.c joystick/SDL_joystick.c joystick/controller_type.c
    joystick/emscripten/SDL_sysjoystick.c
    stdlib/SDL_crc16.c stdlib/SDL_crc32.c stdlib/SDL_getenv.c stdlib/SDL_iconv.c stdlib/SDL_malloc.c
    stdlib/SDL_qsort.c stdlib/SDL_stdlib.c stdlib/SDL_string.c stdlib/SDL_strtokr.c
    thread/SDL_thread.c thread/generic/SDL_syscond.c thread/generic/SDL_sysmutex.c thread/generic/SDL_syssem.c
    thread/generic/SDL_systhread.c thread/generic/SDL_systls.c
    timer/SDL_timer.c timer/unix/SDL_systimer.c
    video/SDL_RLEaccel.c video/SDL_blit.c video/SDL_blit_0.c video/SDL_blit_1.c video/SDL_blit_A.c
    video/SDL_blit_N.c video/SDL_blit_auto.c video/SDL_blit_copy.c video/SDL_blit_slow.c video/SDL_bmp.c
    video/SDL_clipboard.c video/SDL_egl.c video/SDL_fillrect.c video/SDL_pixels.c video/SDL_rect.c video/SDL_shape.c
    video/SDL_stretch.c video/SDL_surface.c video/SDL_video.c video/SDL_yuv.c video/yuv2rgb/yuv_rgb.c
    video/emscripten/SDL_emscriptenevents.c video/emscripten/SDL_emscriptenframebuffer.c
    video/emscripten/SDL_emscriptenmouse.c video/emscripten/SDL_emscriptenopengles.c
    video/emscripten/SDL_emscriptenvideo.c)
list(TRANSFORM SDL2_FILES PREPEND "${SDL2_SRC}/src/")
add_library(sdl2 STATIC ${SDL2_FILES})
target_include_directories(sdl2 SYSTEM PUBLIC ${SDL2_INCLUDE})
# Subsystems the header enables but the page never starts: left out, so SDL_Init's code for them is compiled out.
target_compile_definitions(sdl2 PRIVATE SDL_AUDIO_DISABLED=1 SDL_RENDER_DISABLED=1 SDL_SENSOR_DISABLED=1
                                        SDL_POWER_DISABLED=1 SDL_FILESYSTEM_DISABLED=1 SDL_LOCALE_DISABLED=1
                                        SDL_MISC_DISABLED=1 SDL_LOADSO_DISABLED=1)
target_compile_options(sdl2 PRIVATE -O2 -w)
