# Benchmark driver for scripts/bench.sh (tests/bench/bench_driver.cpp): imports exports, computes the Report and
# recomputes it after filter changes, printing timings as JSON. Natively `revlens_bench`; in the emcmake tree
# `revlens_bench.js`, run under node with the host file system (NODERAWFS) so it reads the same files as the peers.
# Part of `all` (one source file): scripts/test.sh's builds make it, so `scripts/bench.sh --smoke` finds it built.
add_executable(revlens_bench ${CMAKE_SOURCE_DIR}/tests/bench/bench_driver.cpp)
target_link_libraries(revlens_bench PRIVATE revlens_sample)
target_compile_options(revlens_bench PRIVATE ${REVLENS_WARNINGS})
if(EMSCRIPTEN)
    # Memory settings as the page's (cmake/web.cmake): the peak reported is what a browser tab would hold.
    target_link_options(revlens_bench PRIVATE -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sMAXIMUM_MEMORY=4GB
                        -sENVIRONMENT=node -sNODERAWFS=1 -sEXIT_RUNTIME=1)
    set_target_properties(revlens_bench PROPERTIES SUFFIX ".js")
endif()
if(NOT EMSCRIPTEN)
    # The host's state beside the runs (tests/bench/host_probe.cpp): clock, cache and memory latency, page faults.
    add_executable(host_probe ${CMAKE_SOURCE_DIR}/tests/bench/host_probe.cpp)
    target_compile_options(host_probe PRIVATE ${REVLENS_WARNINGS})
endif()
