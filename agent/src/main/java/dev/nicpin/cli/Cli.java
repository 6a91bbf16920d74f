package dev.nicpin.cli;

import dev.nicpin.agent.Version;
import dev.nicpin.rules.RuleError;
import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleFileException;
import dev.nicpin.rules.RuleTable;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code java -jar nicpin-agent.jar}: {@code check}, {@code explain},
 * {@code attach}, {@code status}, {@code reload}, {@code version} and {@code help}. Returns an
 * exit status instead of exiting, so the launcher decides and tests can call it.
 */
public final class Cli {
    /** Exit status of success. */
    public static final int OK = 0;
    /** Exit status of a JVM that cannot be attached to, or does not run nicpin (status, reload). */
    public static final int FAILED = 1;
    /** Exit status of invalid arguments or rules. */
    public static final int INVALID = 2;

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar nicpin-agent.jar COMMAND [ARGUMENTS]",
            "",
            "commands:",
            "  check RULES                             validate a rule file and summarise it",
            "  explain RULES ADDRESS [PORT] [tcp|udp]  show which rule pins a connection, and why",
            "  attach PID [AGENT_ARGUMENTS]            load the agent into a running JVM (rules=PATH,...)",
            "  status PID                              show what nicpin does in a running JVM",
            "  reload PID                              make nicpin in a running JVM read its rules file now",
            "  version                                 print the version",
            "  help                                    print this help (also -h, --help)",
            "",
            "exit status: 0 success, 1 the JVM cannot be attached to or (status, reload) does not run",
            "             nicpin, 2 invalid arguments or rules (reload: the file is, and nothing changed)",
            "",
            "The jar is also the agent: -javaagent:nicpin-agent.jar=rules=PATH[,mode=...][,onError=...][,log=...]"
                    + " (see README.md).");
    private static final String HINT = "run 'java -jar nicpin-agent.jar help' for usage";

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return INVALID;
        }
        List<String> arguments = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "check":
                return CheckCommand.run(arguments, out, err);
            case "explain":
                return ExplainCommand.run(arguments, out, err);
            case "attach":
                return AttachCommand.run(arguments, out, err);
            case "status":
                return StatusCommand.run(arguments, out, err);
            case "reload":
                return ReloadCommand.run(arguments, out, err);
            case "version":
                out.println("nicpin " + Version.current());
                return OK;
            case "help":
            case "-h":
            case "--help":
                out.println(USAGE);
                return OK;
            default:
                return usageError("unknown command '" + args[0] + "'", err);
        }
    }

    /** Prints {@code nicpin: MESSAGE} and where to find the usage. */
    static int usageError(String message, PrintStream err) {
        return error(message + " (" + HINT + ")", err);
    }

    /** Prints {@code nicpin: MESSAGE}; returns {@link #INVALID}. */
    static int error(String message, PrintStream err) {
        err.println("nicpin: " + message);
        return INVALID;
    }

    /** Prints {@code nicpin: MESSAGE}; returns {@link #FAILED}. */
    static int fail(String message, PrintStream err) {
        err.println("nicpin: " + message);
        return FAILED;
    }

    /** A process id: digits only, as the attach API takes it. */
    static boolean isPid(String text) {
        return text.matches("[1-9][0-9]{0,9}");
    }

    /** Loads the rules, or prints every error (one a line, {@code FILE:LINE:COLUMN: ...}) and returns null. */
    static RuleTable load(String path, PrintStream err) {
        try {
            return RuleFile.load(Paths.get(path));
        } catch (InvalidPathException e) {
            err.println(path + ": cannot read: " + e.getReason());
        } catch (RuleFileException e) {
            for (RuleError error : e.errors()) {
                err.println(error);
            }
        }
        return null;
    }

}
