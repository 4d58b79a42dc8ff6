# The web app: src/platform/web_main.cpp + the UI, linked against SDL2 (cmake/sdl2.cmake).
# Output in build/web: index.html, app.js, style.css (from web/), revlens.js, revlens.wasm, revlens.data (fonts).
include(cmake/sdl2.cmake)
set(WEB_OUT "${CMAKE_SOURCE_DIR}/build/web" CACHE PATH "where the page is assembled")
set(INTER_DIR "/usr/share/fonts/opentype/inter" CACHE PATH "fonts-inter")

add_executable(revlens_web src/platform/web_main.cpp src/platform/gl_shadow.cpp
                           ${IMGUI_DIR}/backends/imgui_impl_sdl.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(revlens_web PRIVATE ${IMGUI_DIR}/backends)
target_link_libraries(revlens_web PRIVATE revlens_ui sdl2)
set_source_files_properties(src/platform/web_main.cpp src/platform/gl_shadow.cpp
                            PROPERTIES COMPILE_OPTIONS "${REVLENS_WARNINGS}")
# The files that draw set and read back the viewport, scissor box and blend state through src/platform/gl_shadow.cpp:
# in a browser those reads would each wait for the GPU process to finish drawing.
set_property(SOURCE src/platform/web_main.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp APPEND PROPERTY
             COMPILE_DEFINITIONS glGetIntegerv=revlens_glGetIntegerv glViewport=revlens_glViewport
             glScissor=revlens_glScissor glBlendEquation=revlens_glBlendEquation
             glBlendEquationSeparate=revlens_glBlendEquationSeparate glBlendFunc=revlens_glBlendFunc
             glBlendFuncSeparate=revlens_glBlendFuncSeparate)
set_target_properties(revlens_web PROPERTIES OUTPUT_NAME revlens SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${WEB_OUT})
target_link_options(revlens_web PRIVATE
    -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sFULL_ES3=0
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sMAXIMUM_MEMORY=4GB
    -sDYNAMIC_EXECUTION=0 -sENVIRONMENT=web -sEXIT_RUNTIME=0
    "-sEXPORTED_FUNCTIONS=['_main','_malloc','_free']"
    "-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8']"
    "SHELL:--preload-file ${INTER_DIR}/Inter-Regular.otf@/assets/Inter-Regular.otf"
    "SHELL:--preload-file ${INTER_DIR}/Inter-SemiBold.otf@/assets/Inter-SemiBold.otf")

# the page itself, copied next to the module
file(GLOB WEB_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/*)
add_custom_target(web_page ALL
    COMMAND ${CMAKE_COMMAND} -E make_directory ${WEB_OUT}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${WEB_FILES} ${WEB_OUT}
    DEPENDS ${WEB_FILES})
add_dependencies(revlens_web web_page)

# The import worker (web/import-worker.js): the importers alone, run in a Web Worker so a big file imports off the
# page's main thread. Output revlens-import.js + .wasm next to the page.
add_executable(revlens_import_worker src/platform/import_worker.cpp)
target_link_libraries(revlens_import_worker PRIVATE revlens_import)
set_source_files_properties(src/platform/import_worker.cpp PROPERTIES COMPILE_OPTIONS "${REVLENS_WARNINGS}")
set_target_properties(revlens_import_worker PROPERTIES OUTPUT_NAME revlens-import SUFFIX ".js"
                                                       RUNTIME_OUTPUT_DIRECTORY ${WEB_OUT})
target_link_options(revlens_import_worker PRIVATE
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=32MB -sMAXIMUM_MEMORY=4GB -sDYNAMIC_EXECUTION=0 -sENVIRONMENT=worker
    -sEXIT_RUNTIME=0
    "-sEXPORTED_FUNCTIONS=['_main','_malloc','_free','_revlens_stage','_revlens_staged','_revlens_staged_free']"
    "-sEXPORTED_RUNTIME_METHODS=['stringToUTF8','lengthBytesUTF8']")
add_dependencies(revlens_web revlens_import_worker)
