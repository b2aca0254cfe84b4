// One test at a time: the first test trains the shared model, which the others wait for anyway.
[assembly: DoNotParallelize]
