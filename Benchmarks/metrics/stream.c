/* The memory-bandwidth bound of a metric: the time to read its inputs once
 * and write its output once, nothing else, measured natively as STREAM does.
 *
 *   stream READ_ARRAYS WRITE_ARRAYS N REPS
 *
 * Reads READ_ARRAYS arrays of N doubles (summing them, so the loads cannot be
 * dropped) and writes WRITE_ARRAYS freshly allocated arrays of N doubles (as
 * a metric writes a fresh result, page faults included). Prints the best time
 * in milliseconds with 1 thread and with 2 threads (each thread one half). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef struct {
  double **in;
  int nin;
  double **out;
  int nout;
  size_t lo, hi;
  double sum;
} Job;

static void *work(void *arg) {
  Job *j = arg;
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int a = 0; a < j->nin; a++) {
    const double *x = j->in[a];
    size_t i = j->lo;
    for (; i + 4 <= j->hi; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (; i < j->hi; i++) s0 += x[i];
  }
  for (int a = 0; a < j->nout; a++) {
    double *y = j->out[a];
    for (size_t i = j->lo; i < j->hi; i++) y[i] = (double)i;
  }
  j->sum = s0 + s1 + s2 + s3;
  return NULL;
}

static double run(double **in, int nin, int nout, size_t n, int threads, double *sink) {
  double *out[4] = {0};
  double t = now();
  for (int a = 0; a < nout; a++) out[a] = malloc(n * sizeof(double));
  Job jobs[2];
  pthread_t tid[2];
  for (int k = 0; k < threads; k++) {
    jobs[k] = (Job){in, nin, out, nout, n * k / threads, n * (k + 1) / threads, 0};
    if (k > 0) pthread_create(&tid[k], NULL, work, &jobs[k]);
  }
  work(&jobs[0]);
  for (int k = 1; k < threads; k++) pthread_join(tid[k], NULL);
  t = now() - t;
  for (int k = 0; k < threads; k++) *sink += jobs[k].sum;
  for (int a = 0; a < nout; a++) {
    *sink += out[a][n / 2];
    free(out[a]);
  }
  return t;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: stream READ_ARRAYS WRITE_ARRAYS N REPS\n");
    return 2;
  }
  int nin = atoi(argv[1]), nout = atoi(argv[2]), reps = atoi(argv[4]);
  size_t n = strtoull(argv[3], NULL, 10);
  if (nin < 0 || nin > 4 || nout < 0 || nout > 4 || reps < 1) return 2;
  double *in[4];
  for (int a = 0; a < nin; a++) {
    in[a] = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) in[a][i] = (double)(i % 1000) * 0.001;
  }
  double sink = 0, best1 = 1e9, best2 = 1e9;
  for (int r = 0; r < reps; r++) {
    double t1 = run(in, nin, nout, n, 1, &sink);
    double t2 = run(in, nin, nout, n, 2, &sink);
    if (t1 < best1) best1 = t1;
    if (t2 < best2) best2 = t2;
  }
  printf("{\"one_thread_ms\": %.4f, \"two_threads_ms\": %.4f, \"sink\": %g}\n", best1 * 1e3, best2 * 1e3, sink);
  return 0;
}
