// The train verb uses torch's process-wide RNG; run tests one at a time.
[assembly: DoNotParallelize]
