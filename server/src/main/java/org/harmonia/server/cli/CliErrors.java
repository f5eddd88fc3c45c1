package org.harmonia.server.cli;

import org.harmonia.stats.StatsException;
import org.harmonia.trial.protocol.ProtocolException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns the known error types into one line on stderr and an exit code, so users never see a stack trace. */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    /** A bad or missing option: one line naming it, and the usual usage exit code. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        ex.getCommandLine().getErr().println(ex.getMessage());
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
        if (ex instanceof ProtocolException pe) {
            err.println(pe.getMessage());
            return BAD_INPUT;
        }
        if (ex instanceof StatsException || ex instanceof UsageException) {
            err.println(ex.getMessage());
            return BAD_INPUT;
        }
        err.println("harmonia: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        if (System.getenv("HARMONIA_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return FAILURE;
    }
}
