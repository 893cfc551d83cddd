package dev.llmbench.testing;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.BaseStream;

/**
 * How many test cases a test class holds, counted without running it: a skipped class is one "skipped" in
 * JUnit's and Surefire's counts whatever it holds, so a skipped parameterized GPU test of 146 cases would
 * otherwise look like one. Parameterized tests count their arguments (method, enum, value and CSV sources);
 * a test factory counts the dynamic tests it returns. Where the count cannot be known without running
 * something that needs the GPU, the case counts once and the total is marked as a lower bound.
 */
public record TestCases(long count, boolean exact) {

    public static TestCases of(Class<?> testClass) {
        long count = 0;
        boolean exact = true;
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                TestCases cases = ofMethod(testClass, m);
                count += cases.count;
                exact &= cases.exact;
            }
        }
        for (Class<?> nested : testClass.getDeclaredClasses()) {
            if (nested.isAnnotationPresent(Nested.class)) {
                TestCases cases = of(nested);
                count += cases.count;
                exact &= cases.exact;
            }
        }
        return new TestCases(count, exact);
    }

    /** "146" or "at least 146". */
    public String describe() {
        return (exact ? "" : "at least ") + count;
    }

    private static TestCases ofMethod(Class<?> testClass, Method m) {
        if (m.isAnnotationPresent(Test.class)) return new TestCases(1, true);
        if (m.isAnnotationPresent(RepeatedTest.class)) return new TestCases(m.getAnnotation(RepeatedTest.class).value(), true);
        if (m.isAnnotationPresent(ParameterizedTest.class)) return parameterized(testClass, m);
        if (m.isAnnotationPresent(TestFactory.class)) return factory(testClass, m);
        return new TestCases(0, true);
    }

    private static TestCases parameterized(Class<?> testClass, Method m) {
        try {
            if (m.isAnnotationPresent(ValueSource.class)) return new TestCases(valueSourceSize(m.getAnnotation(ValueSource.class)), true);
            if (m.isAnnotationPresent(CsvSource.class)) return new TestCases(m.getAnnotation(CsvSource.class).value().length, true);
            if (m.isAnnotationPresent(EnumSource.class)) return new TestCases(enumSourceSize(m, m.getAnnotation(EnumSource.class)), true);
            if (m.isAnnotationPresent(MethodSource.class)) {
                long n = 0;
                for (String name : m.getAnnotation(MethodSource.class).value()) {
                    // An empty name (the default) means the method named as the test.
                    Method source = testClass.getDeclaredMethod(name.isEmpty() ? m.getName() : name);
                    source.setAccessible(true);
                    n += size(Modifier.isStatic(source.getModifiers()) ? source.invoke(null) : source.invoke(instance(testClass)));
                }
                return new TestCases(n, true);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError needsMore) {
            // the source needs what is missing here (a GPU): count the test once, as a lower bound
        }
        return new TestCases(1, false);
    }

    private static TestCases factory(Class<?> testClass, Method m) {
        try {
            m.setAccessible(true);
            Object nodes = m.invoke(Modifier.isStatic(m.getModifiers()) ? null : instance(testClass));
            return new TestCases(dynamicTests(nodes), true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError needsMore) {
            return new TestCases(1, false);
        }
    }

    private static long dynamicTests(Object nodes) {
        long n = 0;
        for (Iterator<?> it = iterator(nodes); it.hasNext(); ) {
            Object node = it.next();
            n += node instanceof DynamicContainer container ? dynamicTests(container.getChildren()) : node instanceof DynamicNode ? 1 : 0;
        }
        return n;
    }

    private static long size(Object arguments) {
        long n = 0;
        for (Iterator<?> it = iterator(arguments); it.hasNext(); it.next()) n++;
        return n;
    }

    private static Iterator<?> iterator(Object values) {
        if (values instanceof BaseStream<?, ?> stream) return stream.iterator();
        if (values instanceof Iterable<?> iterable) return iterable.iterator();
        if (values instanceof Iterator<?> iterator) return iterator;
        if (values != null && values.getClass().isArray()) {
            Object[] boxed = new Object[Array.getLength(values)];
            for (int i = 0; i < boxed.length; i++) boxed[i] = Array.get(values, i);
            return Arrays.asList(boxed).iterator();
        }
        throw new IllegalArgumentException("not a source of arguments: " + values);
    }

    private static long valueSourceSize(ValueSource v) {
        return Math.max(Math.max(Math.max(v.strings().length, v.ints().length), Math.max(v.longs().length, v.doubles().length)),
                Math.max(Math.max(v.floats().length, v.shorts().length), Math.max(Math.max(v.bytes().length, v.chars().length),
                        Math.max(v.booleans().length, v.classes().length))));
    }

    private static long enumSourceSize(Method m, EnumSource e) {
        // JUnit's default value() is an enum without constants that stands for "the parameter's type".
        Class<?> type = e.value().getEnumConstants().length > 0 ? e.value() : m.getParameterTypes()[0];
        long all = type.getEnumConstants().length;
        Set<String> names = Set.of(e.names());
        if (names.isEmpty()) return all;
        return switch (e.mode()) {
            case INCLUDE -> names.size();
            case EXCLUDE -> all - names.size();
            default -> throw new IllegalArgumentException("pattern modes are not counted");
        };
    }

    private static Object instance(Class<?> testClass) throws ReflectiveOperationException {
        Constructor<?> constructor = testClass.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }
}
