// poststelle-launcher — starts the external programs of one Poststelle process
// (pdftoppm, pdftotext, pdfimages, gs, the tesseract CLI …) on its behalf.
//
// Why: Node starts a program with fork(), which copies the page tables of the
// whole Node process. At 300–400 MB resident that costs ~19 ms of CPU per
// program and blocks the event loop for ~35 ms; this process is ~1 MB, so a
// fork here costs well under a millisecond. See src/modules/shared/process.ts.
//
// Protocol. Requests on stdin, each a frame: a 4-byte little-endian length,
// then that many bytes of NUL-terminated fields:
//   run  ID STDIN STDOUT STDERR CWD MAXBYTES ENVCOUNT ENV… ARGC ARG…
//   kill ID
// STDIN, STDOUT and STDERR are file paths (STDIN "" = /dev/null); CWD "" keeps
// the launcher's; MAXBYTES > 0 caps the size of any file the program writes
// (RLIMIT_FSIZE, so a hostile input cannot fill the disk through stdout);
// ENVCOUNT 0 keeps the launcher's environment. Replies on stdout, one line each:
//   ID exit CODE | ID signal NUMBER | ID error ERRNO
// When stdin ends (the Node process is gone), every running program is killed
// and the launcher exits; it also dies with its parent (PR_SET_PDEATHSIG).
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

static std::map<pid_t, std::string> running;
static sigset_t originalMask;

static void reply(const std::string &id, const char *kind, long value) {
  std::string line = id + " " + kind + " " + std::to_string(value) + "\n";
  const char *data = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t written = write(STDOUT_FILENO, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      _exit(1);
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
}

static bool readFully(int fd, void *buffer, size_t length) {
  char *out = static_cast<char *>(buffer);
  while (length > 0) {
    ssize_t got = read(fd, out, length);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    length -= static_cast<size_t>(got);
  }
  return true;
}

static void killAllAndExit(int code) {
  // Each program leads its own process group: end the group, so its own children go too.
  for (auto &entry : running) {
    kill(-entry.first, SIGKILL);
    kill(entry.first, SIGKILL);
  }
  _exit(code);
}

static int openCloexec(const char *path, int flags) {
  int fd = open(path, flags | O_CLOEXEC, 0600);
  return fd;
}

static void startProgram(const std::vector<std::string> &fields) {
  // run ID STDIN STDOUT STDERR CWD MAXBYTES ENVCOUNT ENV… ARGC ARG…
  if (fields.size() < 9) return;
  const std::string &id = fields[1];
  size_t index = 7;
  unsigned long envCount = std::strtoul(fields[index++].c_str(), nullptr, 10);
  if (index + envCount >= fields.size()) return reply(id, "error", EINVAL);
  std::vector<char *> env;
  for (unsigned long i = 0; i < envCount; i += 1) env.push_back(const_cast<char *>(fields[index++].c_str()));
  env.push_back(nullptr);
  unsigned long argc = std::strtoul(fields[index++].c_str(), nullptr, 10);
  if (argc == 0 || index + argc > fields.size()) return reply(id, "error", EINVAL);
  std::vector<char *> argv;
  for (unsigned long i = 0; i < argc; i += 1) argv.push_back(const_cast<char *>(fields[index++].c_str()));
  argv.push_back(nullptr);
  unsigned long long maxBytes = std::strtoull(fields[6].c_str(), nullptr, 10);

  int failure[2];
  if (pipe2(failure, O_CLOEXEC) != 0) return reply(id, "error", errno);
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    close(failure[0]);
    close(failure[1]);
    return reply(id, "error", error);
  }
  if (pid == 0) {
    // The program: its own process group, dies with the launcher, default signals, files as stdio.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_DFL);
    sigprocmask(SIG_SETMASK, &originalMask, nullptr);
    int in = fields[2].empty() ? openCloexec("/dev/null", O_RDONLY) : openCloexec(fields[2].c_str(), O_RDONLY);
    int out = openCloexec(fields[3].c_str(), O_WRONLY | O_CREAT | O_TRUNC);
    int err = openCloexec(fields[4].c_str(), O_WRONLY | O_CREAT | O_TRUNC);
    bool ok = in >= 0 && out >= 0 && err >= 0 && dup2(in, STDIN_FILENO) >= 0 && dup2(out, STDOUT_FILENO) >= 0 && dup2(err, STDERR_FILENO) >= 0;
    if (ok && !fields[5].empty()) ok = chdir(fields[5].c_str()) == 0;
    if (ok && maxBytes > 0) {
      struct rlimit limit = {static_cast<rlim_t>(maxBytes + 1), static_cast<rlim_t>(maxBytes + 1)};
      ok = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    if (ok) {
      if (envCount > 0) execvpe(argv[0], argv.data(), env.data());
      else execvp(argv[0], argv.data());
    }
    int error = errno;
    ssize_t ignored = write(failure[1], &error, sizeof error);
    (void)ignored;
    _exit(127);
  }
  close(failure[1]);
  int error = 0;
  ssize_t got;
  do got = read(failure[0], &error, sizeof error);
  while (got < 0 && errno == EINTR);
  close(failure[0]);
  if (got == static_cast<ssize_t>(sizeof error)) {
    // exec failed (e.g. ENOENT: the program is not installed): reap the child, report the cause.
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return reply(id, "error", error);
  }
  running[pid] = id;
}

static void killProgram(const std::vector<std::string> &fields) {
  if (fields.size() < 2) return;
  for (auto &entry : running) {
    if (entry.second == fields[1]) {
      kill(-entry.first, SIGKILL);
      kill(entry.first, SIGKILL);
    }
  }
}

static void reapChildren() {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    auto found = running.find(pid);
    if (found == running.end()) continue;
    if (WIFEXITED(status)) reply(found->second, "exit", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) reply(found->second, "signal", WTERMSIG(status));
    running.erase(found);
  }
}

int main() {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 1;
  signal(SIGPIPE, SIG_IGN);
  sigset_t childSignals;
  sigemptyset(&childSignals);
  sigaddset(&childSignals, SIGCHLD);
  sigprocmask(SIG_BLOCK, &childSignals, &originalMask);
  int childFd = signalfd(-1, &childSignals, SFD_CLOEXEC | SFD_NONBLOCK);
  if (childFd < 0) return 1;

  std::vector<char> frame;
  for (;;) {
    struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {childFd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      killAllAndExit(1);
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo info;
      while (read(childFd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      }
      reapChildren();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      uint8_t header[4];
      if (!readFully(STDIN_FILENO, header, sizeof header)) killAllAndExit(0);
      uint32_t length = static_cast<uint32_t>(header[0]) | (static_cast<uint32_t>(header[1]) << 8) | (static_cast<uint32_t>(header[2]) << 16) |
                        (static_cast<uint32_t>(header[3]) << 24);
      if (length > 64u * 1024u * 1024u) killAllAndExit(2);
      frame.resize(length);
      if (length > 0 && !readFully(STDIN_FILENO, frame.data(), length)) killAllAndExit(0);
      std::vector<std::string> fields;
      size_t start = 0;
      for (size_t i = 0; i < length; i += 1) {
        if (frame[i] == '\0') {
          fields.emplace_back(frame.data() + start, i - start);
          start = i + 1;
        }
      }
      if (fields.empty()) continue;
      if (fields[0] == "run") startProgram(fields);
      else if (fields[0] == "kill") killProgram(fields);
      // A program may have ended while this request was read.
      reapChildren();
    }
  }
}
