// Training tests share torch's global RNG and thread pool; run them one at a time.
[assembly: DoNotParallelize]
