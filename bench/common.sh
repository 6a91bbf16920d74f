# Sourced by the start-up scripts: arguments, the two test programs, their rule file, helpers.
#   script [ROUNDS] [JAVA_HOME ...]    (the java on PATH when no JAVA_HOME is given)
# Sets: rounds, homes, jar, work (a temporary directory, removed on exit).
set -euo pipefail

rounds=${1:-$default_rounds}
shift || true
homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then
    homes=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
jar=$(readlink -f "${JAR:-agent/target/nicpin-agent.jar}")
[ -f "$jar" ] || { echo "no agent jar at $jar: ./mvnw -q -B -pl agent package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
cat > "$work/HelloSocket.java" <<'JAVA'
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

public class HelloSocket {
    public static void main(String[] args) throws Exception {
        InetAddress pinned = InetAddress.getByName("127.0.0.2");
        try (ServerSocket server = new ServerSocket(0, 1, pinned); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(pinned, server.getLocalPort()));
            System.out.println("hello from port " + socket.getLocalPort());
        }
    }
}
JAVA
cat > "$work/Idle.java" <<'JAVA'
public class Idle {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(1000); // long enough for the agent's background start to finish
    }
}
JAVA
cat > "$work/rules.conf" <<'RULES'
10.20.0.0/16      dev=eth1
10.20.5.0/24      direct
192.168.3.58      proto=tcp port=8080  dev=eth1
2001:db8::/32     dev=eth2 mark=7
127.0.0.2/32      dev=lo
RULES

# An agent whose premain does nothing: what any -javaagent costs, before nicpin does anything.
cat > "$work/EmptyAgent.java" <<'JAVA'
public class EmptyAgent {
    public static void premain(String arguments, java.lang.instrument.Instrumentation instrumentation) {
    }
}
JAVA
printf 'Premain-Class: EmptyAgent\n' > "$work/manifest.txt"

# compile JAVA_HOME: compiles the programs (and empty-agent.jar) with that JDK; prints the class directory.

compile() {
    local classes=$work/classes-$(basename "$1")
    mkdir -p "$classes"
    "$1/bin/javac" -d "$classes" "$work/Hello.java" "$work/HelloSocket.java" "$work/Idle.java" "$work/EmptyAgent.java"
    "$1/bin/jar" cfm "$work/empty-agent.jar" "$work/manifest.txt" -C "$classes" EmptyAgent.class
    echo "$classes"
}

# Waits (at most 30 s) until the CPUs were 85 % idle over 0.3 s, so that other work on a shared
# machine lands on neither variant; interleaving and medians take care of the rest.
wait_idle() {
    local tries=0 a b idle total
    while [ $tries -lt 100 ]; do
        a=($(head -1 /proc/stat))
        sleep 0.3
        b=($(head -1 /proc/stat))
        idle=$(( b[4] + b[5] - a[4] - a[5] ))
        total=$(( b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7] + b[8] - a[1] - a[2] - a[3] - a[4] - a[5] - a[6] - a[7] - a[8] ))
        if [ $((idle * 100)) -ge $((total * 85)) ]; then
            return
        fi
        tries=$((tries + 1))
    done
}

median() { # of the numbers on stdin
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
